using Gate64.Configuration;
using Microsoft.Extensions.Primitives;
using static Gate64.Tests.Configuration.ConfigTexts;

namespace Gate64.Tests.Configuration;

public class Gate64ConfigStoreTests
{
    [Fact]
    public void TryApply_ReloadableChanges_SwapsTheSnapshotAndTellsOnlyTheirSections()
    {
        Gate64ConfigStore store = new(Valid(AllServices));
        IChangeToken dns64 = store.GetReloadToken("dns64");
        IChangeToken ingress = store.GetReloadToken("ingress");
        IChangeToken nat64 = store.GetReloadToken("nat64");
        Gate64Config next = Valid(AllServices
            .Replace("allow = [\"2001:db8:200::/40\"]\n\n[ingress]", "allow = [\"2001:db8:201::/48\"]\n\n[ingress]", StringComparison.Ordinal)
            .Replace("\"2001:db8:300::/48=proxy-v2\"]", "\"2001:db8:300::/48=proxy-v1\"]\nmax-connections = 5", StringComparison.Ordinal));

        ReloadResult result = store.TryApply(next);

        Assert.Equal(ReloadStatus.Applied, result.Status);
        Assert.Equal(["dns64.allow", "ingress.permit", "ingress.max-connections"], result.Keys);
        Assert.Same(next, store.Current);
        Assert.True(dns64.HasChanged);
        Assert.True(ingress.HasChanged);
        Assert.False(nat64.HasChanged);
        Assert.False(store.GetReloadToken("dns64").HasChanged);   // a fresh token waits for the next reload
    }

    [Fact]
    public void TryApply_SameSettingsWrittenDifferently_IsUnchangedAndTellsNobody()
    {
        Gate64Config current = Valid(AllServices);
        Gate64ConfigStore store = new(current);
        IChangeToken dns64 = store.GetReloadToken("dns64");
        // Comments, order, a single string for a one-item list and explicit defaults change nothing.
        Gate64Config rewritten = Valid("""
            # rewritten
            [bgp]
            router-id = "198.51.100.2"
            local-as = 4200000001
            hold-time = 90

            [[bgp.neighbor]]
            as = 65001
            address = "2001:db8:ff::1"
            port = 179

            [nat64]
            allow = "2001:db8:200::/40"
            pool4 = "203.0.113.0/28"
            prefix = "2001:db8:64::/96"
            tun = "nat64"

            [ingress]
            permit = ["2001:db8:200::/40=none", "2001:db8:300::/48=v2"]
            listen = ["192.0.2.10:443=443", "192.0.2.10:8080=80"]
            idle-timeout = 600

            [dns64]
            allow = "2001:db8:200::/40"
            listen = "[2001:db8:100::53]:53"

            [resolver]
            upstream = "[2001:db8:53::1]:53"
            """);

        ReloadResult result = store.TryApply(rewritten);

        Assert.Equal(ReloadStatus.Unchanged, result.Status);
        Assert.Empty(result.Keys);
        Assert.Same(current, store.Current);
        Assert.False(dns64.HasChanged);
    }

    [Theory]
    [InlineData("listen = [\"[2001:db8:100::53]:53\"]", "listen = [\"[2001:db8:100::54]:53\"]", "dns64.listen")]
    [InlineData("tun = \"nat64\"", "tun = \"nat64b\"", "nat64.tun")]
    [InlineData("pool4 = \"203.0.113.0/28\"", "pool4 = \"203.0.113.16/28\"", "nat64.pool4")]
    [InlineData("prefix = \"2001:db8:64::/96\"", "prefix = \"2001:db8:65::/96\"", "nat64.prefix")]
    [InlineData("local-as = 4200000001", "local-as = 4200000002", "bgp.local-as")]
    [InlineData("as = 65001", "as = 65009", "bgp.neighbor")]
    [InlineData("upstream = [\"[2001:db8:53::1]:53\"]", "upstream = [\"[2001:db8:53::2]:53\"]", "resolver.upstream")]
    public void TryApply_SettingThatNeedsARestart_IsRefusedNamingTheKey(string before, string after, string key)
    {
        Gate64Config current = Valid(AllServices);
        Gate64ConfigStore store = new(current);
        IChangeToken token = store.GetReloadToken(key.Split('.')[0]);
        string changed = AllServices.Replace(before, after, StringComparison.Ordinal);
        Assert.NotEqual(AllServices, changed);

        ReloadResult result = store.TryApply(Valid(changed));

        Assert.Equal(ReloadStatus.NeedsRestart, result.Status);
        Assert.Contains(key, result.Keys);
        Assert.Same(current, store.Current);
        Assert.False(token.HasChanged);
    }

    [Fact]
    public void TryApply_ReloadableAndRestartChangesTogether_AppliesNothing()
    {
        Gate64Config current = Valid(AllServices);
        Gate64ConfigStore store = new(current);
        IChangeToken dns64 = store.GetReloadToken("dns64");
        Gate64Config next = Valid(AllServices
            .Replace("allow = [\"2001:db8:200::/40\"]\n\n[ingress]", "allow = [\"2001:db8:201::/48\"]\n\n[ingress]", StringComparison.Ordinal)
            .Replace("queues", "queues", StringComparison.Ordinal)
            .Replace("tun = \"nat64\"", "tun = \"nat64\"\nmtu = 1400", StringComparison.Ordinal));

        ReloadResult result = store.TryApply(next);

        Assert.Equal(ReloadStatus.NeedsRestart, result.Status);
        Assert.Equal(["nat64.mtu"], result.Keys);
        Assert.Same(current, store.Current);
        Assert.False(dns64.HasChanged);
    }

    [Fact]
    public void TryApply_ServiceAddedOrRemoved_NeedsARestart()
    {
        Gate64Config withoutMetrics = Valid(AllServices);
        Gate64ConfigStore store = new(withoutMetrics);

        ReloadResult added = store.TryApply(Valid(AllServices + "\n\n[metrics]\nlisten = \"127.0.0.1:9164\"\n"));
        ReloadResult removed = store.TryApply(Valid(AllServices[..AllServices.IndexOf("[bgp]", StringComparison.Ordinal)]));

        Assert.Equal(ReloadStatus.NeedsRestart, added.Status);
        Assert.Equal(["metrics", "metrics.listen"], added.Keys);
        Assert.Equal(ReloadStatus.NeedsRestart, removed.Status);
        Assert.Contains("bgp", removed.Keys);
        Assert.Same(withoutMetrics, store.Current);
    }
}
