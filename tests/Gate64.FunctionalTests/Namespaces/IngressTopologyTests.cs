using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Namespaces;

/// <summary>The ingress topology on its own, without gate64: what the ingress tests rely on is really there, and goes away.</summary>
public sealed class IngressTopologyTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task StartAsync_BuildsResolverRoutesAndBackends_DisposeRemovesEverything()
    {
        IngressTopology topology = await IngressTopology.StartAsync();
        List<string> namespaceNames;
        List<string> linkNames;
        try
        {
            namespaceNames = [.. topology.Namespaces.Select(ns => ns.Name)];
            linkNames = [.. topology.Links.SelectMany(link => new[] { link.FirstName, link.SecondName })];
            Assert.All(namespaceNames, name => Assert.StartsWith(NetworkNamespace.NamePrefix, name, StringComparison.Ordinal));
            IReadOnlyList<string> listed = await NetworkNamespace.ListAsync();
            Assert.All(namespaceNames, name => Assert.Contains(name, listed));
            IReadOnlyList<string> hostLinks = await HostInterfaces.NamesAsync();
            Assert.All(linkNames, name => Assert.DoesNotContain(name, hostLinks));

            await AssertResolverAsync(topology);
            await AssertBackendPathsAsync(topology);
            await AssertClientIsConfinedAsync(topology);
        }
        finally
        {
            await topology.DisposeAsync();
        }

        IReadOnlyList<string> after = await NetworkNamespace.ListAsync();
        Assert.All(namespaceNames, name => Assert.DoesNotContain(name, after));
        IReadOnlyList<string> veths = await HostInterfaces.NamesAsync("veth");
        Assert.All(linkNames, name => Assert.DoesNotContain(name, veths));
        Assert.False(Directory.Exists(topology.DirectoryPath), $"{topology.DirectoryPath} was left behind");
    }

    private static async Task AssertResolverAsync(IngressTopology topology)
    {
        Dig dig = topology.Resolver.CreateDig();
        DigResult site = await dig.QueryAsync(IngressTestZone.Site, "AAAA");
        Assert.True(site.Status == "NOERROR", site.ToString());
        Assert.Equal(IngressTopology.SiteAddress, Assert.Single(site.Answer).Address);

        DigResult alias = await dig.QueryAsync(IngressTestZone.Alias, "AAAA");
        Assert.Equal(IngressTopology.SiteAddress, alias.Answer[^1].Address);

        DigResult noAaaa = await dig.QueryAsync(IngressTestZone.NoAaaa, "AAAA");
        Assert.True(noAaaa.Status == "NOERROR" && noAaaa.Answer.Count == 0, noAaaa.ToString());

        DigResult mapped = await dig.QueryAsync(IngressTestZone.Mapped, "AAAA");
        Assert.Equal(IPAddress.Parse("::ffff:198.51.100.1"), Assert.Single(mapped.Answer).Address);

        DigResult missing = await dig.QueryAsync(IngressTestZone.NoSuchName, "AAAA");
        Assert.True(missing.Status == "NXDOMAIN", missing.ToString());

        DigResult failure = await dig.QueryAsync(IngressTestZone.DnsFailure, "AAAA");
        Assert.True(failure.Status == "REFUSED", failure.ToString());
    }

    private static async Task AssertBackendPathsAsync(IngressTopology topology)
    {
        NetClient fromGateway = new(topology.Gateway, topology.DirectoryPath);

        ConnectProbe site = await fromGateway.ConnectAsync(new IPEndPoint(IngressTopology.SiteAddress, IngressTopology.TlsPort), TimeSpan.FromSeconds(3));
        Assert.True(site.Outcome == "connected", site.ToString());

        ConnectProbe refused = await fromGateway.ConnectAsync(new IPEndPoint(IngressTopology.RefusingAddress, IngressTopology.TlsPort), TimeSpan.FromSeconds(3));
        Assert.True(refused.Outcome == "refused" && refused.Seconds < 1, refused.ToString());

        // Silently dropped: a real timeout, neither a reset nor an ICMP error.
        ConnectProbe silent = await fromGateway.ConnectAsync(new IPEndPoint(IngressTopology.SilentAddress, IngressTopology.TlsPort), TimeSpan.FromSeconds(2));
        Assert.True(silent.Outcome == "timeout" && silent.Seconds >= 1.9, silent.ToString());

        ChildProcessResult tls = await topology.Gateway.RunAsync(
            RequiredTool.Find("curl"),
            ["-sS", "-k", "--max-time", "10", "--resolve", $"site.test:443:[{IngressTopology.SiteAddress}]", $"https://site.test{IngressTopology.TlsBodyPath}"],
            s_timeout);
        Assert.True(tls.ExitCode == 0, tls.ToString());
        Assert.Equal(IngressTopology.TlsBody, tls.StandardOutput);

        ChildProcessResult acme = await topology.Gateway.RunAsync(
            RequiredTool.Find("curl"),
            ["-sS", "--max-time", "10", $"http://[{IngressTopology.SiteAddress}]{topology.AcmePath}"],
            s_timeout);
        Assert.True(acme.ExitCode == 0, acme.ToString());
        Assert.Equal(topology.AcmeBody, acme.StandardOutput);

        ChildProcessResult recorded = await topology.Gateway.RunAsync(
            RequiredTool.Find("curl"),
            ["-sS", "--max-time", "10", "-H", "Host: site.test", $"http://[{IngressTopology.SiteAddress}]:{IngressTopology.RecorderPort}/probe"],
            s_timeout);
        Assert.Equal("recorded\n", recorded.StandardOutput);
        RecordedConnection record = Assert.Single(await topology.SiteRecorder.WaitForAsync(1, s_timeout));
        Assert.Equal(IngressTopology.GatewayLinkAddress, record.Peer);
        Assert.StartsWith("GET /probe HTTP/1.1\r\n", System.Text.Encoding.ASCII.GetString(record.Data), StringComparison.Ordinal);
        Assert.Empty(topology.OutsideRecorder.Read());

        // NAT46 return path: backend6 answers 64:ff9b:1::/96 through the gateway, which holds it as local.
        string route = await topology.Backend.IpAsync("-6", "route", "get", IngressTopology.ClientNat46Address.ToString());
        Assert.Contains($"via {IngressTopology.GatewayLinkAddress}", route, StringComparison.Ordinal);
        string local = await topology.Gateway.IpAsync("-6", "route", "get", IngressTopology.ClientNat46Address.ToString());
        Assert.StartsWith("local ", local, StringComparison.Ordinal);
    }

    private static async Task AssertClientIsConfinedAsync(IngressTopology topology)
    {
        ConnectProbe toBackend = await topology.NetClient.ConnectAsync(
            new IPEndPoint(IngressTopology.BackendLinkAddress, IngressTopology.HttpPort), TimeSpan.FromSeconds(2));
        Assert.True(toBackend.Outcome is "unreachable" or "error", toBackend.ToString());

        string route = await topology.Client.IpAsync("-4", "route", "show");
        Assert.Contains($"default via {IngressTopology.GatewayAddress}", route, StringComparison.Ordinal);
        Assert.Equal("0", await topology.Gateway.GetSysctlAsync("net.ipv4.ip_forward"));
        Assert.Equal("0", await topology.Backend.GetSysctlAsync("net.ipv6.conf.all.forwarding"));
    }
}
