using System.Net.Sockets;
using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>
/// The BGP harness proven without gate64: gobgpd plays the host speaker against BIRD running the
/// shipped router snippet (deploy/bird), so these tests also validate that snippet: its dynamic
/// passive neighbours, its import filter and its kernel export.
/// </summary>
public sealed class HarnessTests
{
    private static readonly IpPrefix s_workload4 = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_workload6 = IpPrefix.Parse("2001:db8:10::10/128");
    private static readonly IpPrefix s_outside4 = IpPrefix.Parse("203.0.113.0/24");
    private static readonly IpPrefix s_wholePool4 = IpPrefix.Parse("192.0.2.0/24");
    private static readonly IpPrefix s_transit4 = IpPrefix.Parse("192.0.2.99/32");
    private static readonly IpPrefix s_outside6 = IpPrefix.Parse("2001:db8:20::10/128");
    private static readonly IpPrefix s_wholePool6 = IpPrefix.Parse("2001:db8:10::/64");
    private static readonly BgpCommunity s_community = new(65001, 100);

    [Theory(Timeout = BgpTimeouts.TestMilliseconds)]
    [InlineData(BgpTopology.HostAs)]
    [InlineData(BgpTopology.FourByteHostAs)]
    public async Task GoBgpHost_ShippedBirdSnippet_AcceptsWorkloadAndServiceRoutes_FiltersTheRest_InstallsInKernel(uint hostAs)
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync(BgpTopology.RouterSettings(hostAs));
        GoBgpDaemon host = await topology.StartGoBgpAsync(topology.Host, BgpTopology.HostSpeakerOptions(hostAs));
        BgpLargeCommunity large = new(hostAs, 1, 2);

        IReadOnlyList<BirdProtocol> sessions = await bird.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        string session4 = Assert.Single(sessions, p => p.Name.StartsWith("gate64_v4_", StringComparison.Ordinal)).Name;
        string session6 = Assert.Single(sessions, p => p.Name.StartsWith("gate64_v6_", StringComparison.Ordinal)).Name;

        await host.AddRouteAsync(s_workload4, BgpTopology.HostAddress4, [s_community], [large]);
        await host.AddRouteAsync(BgpTopology.ServicePrefix4, BgpTopology.HostAddress4);
        await host.AddRouteAsync(s_outside4, BgpTopology.HostAddress4);
        await host.AddRouteAsync(s_wholePool4, BgpTopology.HostAddress4);
        await host.AddRouteAsync(s_workload6, BgpTopology.HostAddress6, [s_community], [large]);
        await host.AddRouteAsync(BgpTopology.ServicePrefix6, BgpTopology.HostAddress6);
        await host.AddRouteAsync(s_outside6, BgpTopology.HostAddress6);
        await host.AddRouteAsync(s_wholePool6, BgpTopology.HostAddress6);
        await host.RunCommandAsync("global", "rib", "add", s_transit4.ToString(), "nexthop", BgpTopology.HostAddress4.ToString(), "aspath", "64999", "-a", "ipv4");

        // Everything arrived: 5 IPv4 and 4 IPv6 updates, of which the filter kept 2 each.
        BirdImportStats stats4 = await bird.WaitUntilAsync(() => bird.ShowImportStatsAsync(session4), s => s.Received >= 5, BgpTimeouts.Routes, "5 IPv4 updates at BIRD");
        BirdImportStats stats6 = await bird.WaitUntilAsync(() => bird.ShowImportStatsAsync(session6), s => s.Received >= 4, BgpTimeouts.Routes, "4 IPv6 updates at BIRD");
        Assert.True(stats4 is { Received: 5, Filtered: 3, Accepted: 2 }, stats4.ToString());
        Assert.True(stats6 is { Received: 4, Filtered: 2, Accepted: 2 }, stats6.ToString());

        IReadOnlyList<BirdRoute> routes = await bird.ShowRoutesAsync();
        string all = string.Join('\n', routes);
        Assert.Equal(
            new[] { s_workload4, BgpTopology.ServicePrefix4, s_workload6, BgpTopology.ServicePrefix6 }.Select(p => p.ToString()).Order(),
            routes.Select(r => r.Prefix.ToString()).Order());

        BirdRoute route4 = Assert.Single(routes, r => r.Prefix == s_workload4);
        Assert.Equal(session4, route4.Protocol);
        Assert.Equal("master4", route4.Table);
        Assert.True(route4.IsPrimary, all);
        Assert.Equal(BgpTopology.HostAddress4, route4.Gateway);
        Assert.Equal(topology.RouterInterface, route4.NextHops[0].Interface);
        Assert.Equal([BgpTopology.HostAddress4], route4.BgpNextHop);
        Assert.Equal([hostAs], route4.AsPath);
        Assert.Equal([s_community], route4.Communities);
        Assert.Equal([large], route4.LargeCommunities);

        BirdRoute route6 = Assert.Single(routes, r => r.Prefix == s_workload6);
        Assert.Equal(session6, route6.Protocol);
        Assert.Equal("master6", route6.Table);
        Assert.Equal(BgpTopology.HostAddress6, route6.Gateway);
        Assert.Equal(BgpTopology.HostAddress6, route6.BgpNextHop[0]);
        Assert.Equal([hostAs], route6.AsPath);
        Assert.Equal([large], route6.LargeCommunities);

        // The kernel protocol of the shipped bird.conf installed them in the router's namespace.
        IReadOnlyList<string> kernel4 = await bird.WaitUntilAsync(
            () => bird.KernelRoutesAsync(ipv6: false), lines => lines.Count == 2, BgpTimeouts.Routes, "2 IPv4 kernel routes", lines => string.Join('\n', lines));
        IReadOnlyList<string> kernel6 = await bird.WaitUntilAsync(
            () => bird.KernelRoutesAsync(ipv6: true), lines => lines.Count == 2, BgpTimeouts.Routes, "2 IPv6 kernel routes", lines => string.Join('\n', lines));
        Assert.Contains(kernel4, line => line.StartsWith($"192.0.2.10 via {BgpTopology.HostAddress4} dev {topology.RouterInterface} ", StringComparison.Ordinal));
        Assert.Contains(kernel6, line => line.StartsWith($"2001:db8:10::10 via {BgpTopology.HostAddress6} dev {topology.RouterInterface} ", StringComparison.Ordinal));
        Assert.DoesNotContain(kernel4, line => line.StartsWith("203.0.113.", StringComparison.Ordinal));

        // A withdrawal leaves BIRD's table and the kernel.
        await host.DeleteRouteAsync(s_workload4);
        await host.DeleteRouteAsync(s_workload6);
        await bird.WaitForRoutesAsync(
            current => !current.Any(r => r.Prefix == s_workload4 || r.Prefix == s_workload6), BgpTimeouts.Routes, "the withdrawn workload routes gone");
        await bird.WaitUntilAsync(
            async () => (await bird.KernelRoutesAsync(false)).Concat(await bird.KernelRoutesAsync(true)).ToList(),
            lines => lines.Count == 2 && !lines.Any(l => l.StartsWith("192.0.2.10 ", StringComparison.Ordinal) || l.StartsWith("2001:db8:10::10 ", StringComparison.Ordinal)),
            BgpTimeouts.Routes,
            "the withdrawn workload routes gone from the kernel",
            lines => string.Join('\n', lines));
    }

    [Fact(Timeout = BgpTimeouts.TestMilliseconds)]
    public async Task BirdRouter_ReloadIn_SendsRouteRefresh_DisableAndEnableCycleTheSession()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        GoBgpDaemon host = await topology.StartGoBgpAsync(topology.Host, BgpTopology.HostSpeakerOptions());
        await host.AddRouteAsync(s_workload4, BgpTopology.HostAddress4);

        IReadOnlyList<BirdProtocol> sessions = await bird.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        string session4 = sessions.Single(p => p.Name.StartsWith("gate64_v4_", StringComparison.Ordinal)).Name;
        await bird.WaitForRoutesAsync(routes => routes.Any(r => r.Prefix == s_workload4), BgpTimeouts.Routes);
        string details = await bird.ShowProtocolDetailsAsync(session4);
        Assert.Contains("Neighbor AS:      65001", details, StringComparison.Ordinal);

        await bird.ReloadInAsync(session4);
        await host.WaitUntilAsync(
            host.GetPeersAsync,
            peers => peers.Any(p => p.Address.Equals(BgpTopology.RouterAddress4) && p.RouteRefreshesReceived >= 1),
            BgpTimeouts.Routes,
            "a ROUTE-REFRESH from BIRD at gobgpd",
            peers => string.Join('\n', peers));

        await bird.DisableProtocolAsync(session4);
        await bird.WaitForRoutesAsync(routes => !routes.Any(r => r.Prefix == s_workload4), BgpTimeouts.Routes, "the route gone with its session");
        Assert.Contains(await bird.ShowProtocolsAsync(), p => p.Name == session4 && p.State == "down");

        await bird.EnableProtocolAsync(session4);
        await bird.WaitForProtocolsAsync(all => all.Any(p => p.Name == session4 && p.IsEstablished), BgpTimeouts.Session, "the session back");
        BirdRoute back = Assert.Single(
            await bird.WaitForRoutesAsync(routes => routes.Any(r => r.Prefix == s_workload4), BgpTimeouts.Routes, "the route back"));
        Assert.Equal(BgpTopology.HostAddress4, back.Gateway);
    }

    [Fact(Timeout = BgpTimeouts.TestMilliseconds)]
    public async Task GoBgpRouter_DynamicNeighbours_ReceiveTheHostsRoutes()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        GoBgpDaemon router = await topology.StartGoBgpAsync(topology.Router, BgpTopology.RouterOptions(BgpTopology.FourByteHostAs));
        GoBgpDaemon host = await topology.StartGoBgpAsync(topology.Host, BgpTopology.HostSpeakerOptions(BgpTopology.FourByteHostAs));
        await host.AddRouteAsync(s_workload4, BgpTopology.HostAddress4, [s_community]);
        await host.AddRouteAsync(s_workload6, BgpTopology.HostAddress6, largeCommunities: [new BgpLargeCommunity(BgpTopology.FourByteHostAs, 1, 2)]);

        IReadOnlyList<GoBgpPeer> peers = await router.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        Assert.All(peers, p => Assert.Equal(BgpTopology.FourByteHostAs, p.PeerAs));
        Assert.Equal(
            new[] { BgpTopology.HostAddress4, BgpTopology.HostAddress6 }.Select(a => a.ToString()).Order(),
            peers.Select(p => p.Address.ToString()).Order());

        GoBgpPath path4 = Assert.Single(await router.WaitForRibAsync(AddressFamily.InterNetwork, rib => rib.Count == 1, BgpTimeouts.Routes));
        Assert.Equal(s_workload4, path4.Prefix);
        Assert.Equal(BgpTopology.HostAddress4, path4.NextHop);
        Assert.Equal(BgpTopology.HostAddress4, path4.Neighbor);
        Assert.Equal([BgpTopology.FourByteHostAs], path4.AsPath);
        Assert.Equal([s_community], path4.Communities);
        Assert.True(path4.IsBest, path4.ToString());

        GoBgpPath path6 = Assert.Single(await router.WaitForRibAsync(AddressFamily.InterNetworkV6, rib => rib.Count == 1, BgpTimeouts.Routes));
        Assert.Equal(s_workload6, path6.Prefix);
        Assert.Equal(BgpTopology.HostAddress6, path6.NextHop);
        Assert.Equal([new BgpLargeCommunity(BgpTopology.FourByteHostAs, 1, 2)], path6.LargeCommunities);

        GoBgpPath adjIn = Assert.Single(await router.GetAdjInAsync(BgpTopology.HostAddress4, AddressFamily.InterNetwork));
        Assert.Equal(s_workload4, adjIn.Prefix);

        await host.DeleteRouteAsync(s_workload4);
        await router.WaitForRibAsync(AddressFamily.InterNetwork, rib => rib.Count == 0, BgpTimeouts.Routes, "the withdrawn route gone");
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task BgpTopology_LinksRouterAndHost_NothingElse()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();

        ChildProcessResult ping4 = await topology.RunInRouterAsync("ping", ["-c", "1", "-W", "5", BgpTopology.HostAddress4.ToString()], TimeSpan.FromSeconds(15));
        ChildProcessResult ping6 = await topology.RunInRouterAsync("ping", ["-6", "-c", "1", "-W", "5", BgpTopology.HostAddress6.ToString()], TimeSpan.FromSeconds(15));
        Assert.True(ping4.ExitCode == 0, ping4.ToString());
        Assert.True(ping6.ExitCode == 0, ping6.ToString());
        foreach (NetworkNamespace ns in new[] { topology.Router, topology.Host, topology.Workload })
        {
            Assert.DoesNotContain("default", await ns.IpAsync("-4", "route", "show"), StringComparison.Ordinal);
            Assert.DoesNotContain("default", await ns.IpAsync("-6", "route", "show"), StringComparison.Ordinal);
        }

        Assert.Equal("1", await topology.Host.GetSysctlAsync("net.ipv4.ip_forward"));
        Assert.Equal("1", await topology.Router.GetSysctlAsync("net.ipv6.conf.all.forwarding"));
        Assert.Equal("", (await topology.Workload.IpAsync("-4", "route", "show")).Trim());
        Assert.Equal(
            ["bgp", "--local-as", "4200000001", "--router-id", "198.51.100.2", "--neighbor", "198.51.100.1,as=65000",
                "--neighbor", "2001:db8:ffff::1,as=65000", "--announce", "198.51.100.128/25"],
            BgpTopology.SpeakerArguments(BgpTopology.FourByteHostAs, ["--announce", BgpTopology.ServicePrefix4.ToString()]));

        string[] names = [topology.Router.Name, topology.Host.Name, topology.Workload.Name];
        await topology.DisposeAsync();
        IReadOnlyList<string> left = await NetworkNamespace.ListAsync();
        Assert.DoesNotContain(left, names.Contains);
    }
}
