using System.Net.Sockets;
using Gate64.Protocols.Ip;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>
/// The shipped FRR snippet (deploy/frr) running in bgpd, with gobgpd as the host: dynamic
/// neighbours from the listen ranges, the import route-maps and the AS-path check.
/// </summary>
public sealed class FrrRouterTests
{
    private static readonly IpPrefix s_workload4 = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_workload6 = IpPrefix.Parse("2001:db8:10::10/128");

    [Theory(Timeout = BgpTimeouts.TestMilliseconds)]
    [InlineData(BgpTopology.HostAs)]
    [InlineData(BgpTopology.FourByteHostAs)]
    public async Task GoBgpHost_ShippedFrrSnippet_AcceptsWorkloadAndServiceRoutes_DeniesTheRest(uint hostAs)
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        FrrRouter frr = await topology.StartFrrAsync(BgpTopology.RouterSettings(hostAs));
        GoBgpDaemon host = await topology.StartGoBgpAsync(topology.Host, BgpTopology.HostSpeakerOptions(hostAs));
        IReadOnlyList<FrrPeer> peers = await frr.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        Assert.All(peers, p => Assert.True(p.IsDynamic && p.RemoteAs == hostAs, p.ToString()));

        // The routes to deny go first: each add is sent at once and TCP keeps the order, so once
        // the accepted routes that follow have arrived, the denied ones have been seen too.
        await host.AddRouteAsync(IpPrefix.Parse("203.0.113.0/24"), BgpTopology.HostAddress4);
        await host.AddRouteAsync(BgpTopology.WorkloadPool4, BgpTopology.HostAddress4);
        await host.RunCommandAsync("global", "rib", "add", "192.0.2.99/32", "nexthop", BgpTopology.HostAddress4.ToString(), "aspath", "64999", "-a", "ipv4");
        await host.AddRouteAsync(IpPrefix.Parse("2001:db8:20::10/128"), BgpTopology.HostAddress6);
        await host.AddRouteAsync(IpPrefix.Parse("2001:db8:10::/64"), BgpTopology.HostAddress6);
        await host.AddRouteAsync(s_workload4, BgpTopology.HostAddress4);
        await host.AddRouteAsync(BgpTopology.ServicePrefix4, BgpTopology.HostAddress4);
        await host.AddRouteAsync(s_workload6, BgpTopology.HostAddress6);
        await host.AddRouteAsync(BgpTopology.ServicePrefix6, BgpTopology.HostAddress6);

        // bgpd marks a path valid and best a moment after it arrived.
        IReadOnlyList<FrrRoute> routes4 = await frr.WaitForRoutesAsync(AddressFamily.InterNetwork, r => r.Count(p => p.IsValid && p.IsBest) >= 2, BgpTimeouts.Routes);
        IReadOnlyList<FrrRoute> routes6 = await frr.WaitForRoutesAsync(AddressFamily.InterNetworkV6, r => r.Count(p => p.IsValid && p.IsBest) >= 2, BgpTimeouts.Routes);

        Assert.Equal(new[] { s_workload4, BgpTopology.ServicePrefix4 }.Select(p => p.ToString()).Order(), routes4.Select(r => r.Prefix.ToString()).Order());
        Assert.Equal(new[] { s_workload6, BgpTopology.ServicePrefix6 }.Select(p => p.ToString()).Order(), routes6.Select(r => r.Prefix.ToString()).Order());
        FrrRoute route4 = routes4.Single(r => r.Prefix == s_workload4);
        Assert.True(route4.IsValid && route4.IsBest, route4.ToString());
        Assert.Equal([BgpTopology.HostAddress4], route4.NextHops);
        Assert.Equal([hostAs], route4.AsPath);
        Assert.Equal(BgpTopology.HostAddress4, route4.Peer);
        FrrRoute route6 = routes6.Single(r => r.Prefix == s_workload6);
        Assert.Equal(BgpTopology.HostAddress6, route6.NextHops[0]);
        Assert.Equal([hostAs], route6.AsPath);
        Assert.All(await frr.ShowPeersAsync(), p => Assert.Equal(2, p.PrefixesReceived));
    }
}
