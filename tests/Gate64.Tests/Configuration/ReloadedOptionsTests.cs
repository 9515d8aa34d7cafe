using System.Net;
using Gate64.Configuration;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Gate64.Tests.Configuration.ConfigTexts;

namespace Gate64.Tests.Configuration;

/// <summary>The options monitors of a <c>gate64 run</c> host follow reloads, whole and only where something changed.</summary>
public sealed class ReloadedOptionsTests : IDisposable
{
    private const string AllowA = "\"10.1.0.0/16\"";
    private const string ExcludeA = "\"2001:db8:a::/48\"";
    private const string AllowB = "\"10.2.0.0/16\", \"10.3.0.0/16\"";
    private const string ExcludeB = "\"2001:db8:b::/48\", \"2001:db8:bb::/48\"";

    private readonly List<ServiceProvider> _providers = [];

    [Fact]
    public void Monitor_AfterAReload_HasTheNewValuesAndCallsItsListenerOnce()
    {
        Gate64ConfigStore store = new(Valid(AllServices));
        IServiceProvider services = Host(store);
        IOptionsMonitor<Dns64Options> dns64 = services.GetRequiredService<IOptionsMonitor<Dns64Options>>();
        IOptionsMonitor<IngressOptions> ingress = services.GetRequiredService<IOptionsMonitor<IngressOptions>>();
        Dns64Options before = dns64.CurrentValue;
        IngressOptions ingressBefore = ingress.CurrentValue;
        List<Dns64Options> dns64Changes = [];
        int ingressChanges = 0;
        using IDisposable? dns64Listener = dns64.OnChange(dns64Changes.Add);
        using IDisposable? ingressListener = ingress.OnChange(_ => ingressChanges++);

        ReloadResult result = store.TryApply(Valid(AllServices.Replace(
            "allow = [\"2001:db8:200::/40\"]\n\n[ingress]", "allow = [\"2001:db8:201::/48\"]\n\n[ingress]", StringComparison.Ordinal)));

        Assert.Equal(ReloadStatus.Applied, result.Status);
        Assert.Equal([IpPrefix.Parse("2001:db8:200::/40")], before.Allow);   // an options instance never changes
        Assert.Equal([IpPrefix.Parse("2001:db8:201::/48")], dns64.CurrentValue.Allow);
        Dns64Options seen = Assert.Single(dns64Changes);
        Assert.Equal([IpPrefix.Parse("2001:db8:201::/48")], seen.Allow);
        Assert.Equal(0, ingressChanges);
        Assert.Same(ingressBefore, ingress.CurrentValue);
    }

    [Fact]
    public async Task Monitor_ReadWhileReloadsSwapTwoFiles_SeesOneFileOrTheOtherNeverAMix()
    {
        Gate64Config a = Valid(Dns64Only(AllowA, ExcludeA));
        Gate64Config b = Valid(Dns64Only(AllowB, ExcludeB));
        Gate64ConfigStore store = new(a);
        IOptionsMonitor<Dns64Options> monitor = Host(store).GetRequiredService<IOptionsMonitor<Dns64Options>>();
        string[] fromA = [.. Build(a.Dns64).Allow.Select(prefix => prefix.ToString()), "|", .. Build(a.Dns64).Exclude.Select(prefix => prefix.ToString())];
        string[] fromB = [.. Build(b.Dns64).Allow.Select(prefix => prefix.ToString()), "|", .. Build(b.Dns64).Exclude.Select(prefix => prefix.ToString())];
        int reloads = 0;
        int reads = 0;
        int mixed = 0;
        using CancellationTokenSource stop = new(TimeSpan.FromSeconds(1.5));

        Task writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(ReloadStatus.Applied, store.TryApply(reloads % 2 == 0 ? b : a).Status);
                reloads++;
            }
        });
        Task[] readers = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Dns64Options options = monitor.CurrentValue;
                string[] seen = [.. options.Allow.Select(prefix => prefix.ToString()), "|", .. options.Exclude.Select(prefix => prefix.ToString())];
                if (!seen.SequenceEqual(fromA) && !seen.SequenceEqual(fromB))
                {
                    Interlocked.Increment(ref mixed);
                }
                Interlocked.Increment(ref reads);
            }
        }))];
        await Task.WhenAll([writer, .. readers]);

        Assert.True(reloads > 100, $"only {reloads} reloads");
        Assert.True(reads > 1000, $"only {reads} reads");
        Assert.Equal(0, mixed);
    }

    [Fact]
    public void QueryHandler_AfterAReloadOfTheAcl_AnswersTheNextQueryByTheNewAcl()
    {
        Gate64ConfigStore store = new(Valid(Dns64Only("\"10.0.0.0/8\"")));
        Dns64QueryHandler handler = Host(store).GetRequiredService<Dns64QueryHandler>();
        byte[] query = Query();
        byte[] answer = new byte[512];
        byte[] loopback = IPAddress.Loopback.GetAddressBytes();

        Dns64Outcome before = handler.TryAnswerFast(query, loopback, udp: true, answer, out int refusedLength);
        DnsResponseCode beforeCode = (DnsResponseCode)(answer[3] & 0x0F);
        Assert.Equal(ReloadStatus.Applied, store.TryApply(Valid(Dns64Only("\"127.0.0.0/8\""))).Status);
        Dns64Outcome after = handler.TryAnswerFast(query, loopback, udp: true, answer, out _);

        Assert.Equal(Dns64Outcome.Answered, before);
        Assert.True(refusedLength > 0);
        Assert.Equal(DnsResponseCode.Refused, beforeCode);
        Assert.Equal(Dns64Outcome.NeedsUpstream, after);   // allowed now: off to the resolver
    }

    public void Dispose() => _providers.ForEach(provider => provider.Dispose());

    private ServiceProvider Host(Gate64ConfigStore store)
    {
        ServiceCollection services = new();
        services.AddLogging();
        services.AddGate64Services(store);
        ServiceProvider provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private static byte[] Query()
    {
        DnsMessage query = DnsMessage.CreateQuery(0x1234, DnsName.Parse("example.org."), DnsRecordType.AAAA, recursionDesired: true, edns: null);
        byte[] buffer = new byte[512];
        Assert.True(query.TryWrite(buffer, out int length));
        return buffer[..length];
    }
}
