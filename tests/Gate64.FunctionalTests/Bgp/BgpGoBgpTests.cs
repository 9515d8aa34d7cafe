using System.Net.Sockets;
using Gate64.Protocols.Ip;
using Gate64.Testing.Bgp;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Bgp;

/// <summary>
/// A second implementation: gobgpd as the router (passive, dynamic neighbours from the uplink ranges, graceful
/// restart helper) learns the host routes of <c>gate64 bgp</c> over an IPv4 and an IPv6 session, with a 2-byte
/// and a 4-byte (RFC 6793) local AS.
/// </summary>
[Collection(BgpEndToEndCollection.Name)]
public sealed class BgpGoBgpTests
{
    private static readonly IpPrefix s_workload4 = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_workload6 = IpPrefix.Parse("2001:db8:10::10/128");

    [Theory(Timeout = BgpEndToEnd.TestMilliseconds)]
    [InlineData(BgpTopology.HostAs)]
    [InlineData(BgpTopology.FourByteHostAs)]
    public async Task GoBgpRouter_LearnsTheHostRoutes_WithOurNextHopsAndAsPath_AndLosesThemOnSigterm(uint hostAs)
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        GoBgpDaemon router = await topology.StartGoBgpAsync(topology.Router, BgpTopology.RouterOptions(hostAs));
        Gate64BgpProcess speaker = topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments(hostAs,
            ["--no-owned-routes", "--announce", s_workload4.ToString(), "--announce", s_workload6.ToString()])));

        IReadOnlyList<GoBgpPeer> peers = await router.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        Assert.All(peers, p => Assert.Equal(hostAs, p.PeerAs));
        Assert.Equal(
            new[] { BgpTopology.HostAddress4, BgpTopology.HostAddress6 }.Select(a => a.ToString()).Order(),
            peers.Select(p => p.Address.ToString()).Order());

        GoBgpPath path4 = Assert.Single(await router.WaitForRibAsync(AddressFamily.InterNetwork, rib => rib.Count == 1, BgpEndToEnd.Routes));
        Assert.Equal(s_workload4, path4.Prefix);
        Assert.Equal(BgpTopology.HostAddress4, path4.NextHop);
        Assert.Equal(BgpTopology.HostAddress4, path4.Neighbor);
        Assert.Equal([hostAs], path4.AsPath);
        Assert.Equal(0, path4.Origin);
        Assert.True(path4.IsBest, path4.ToString());

        GoBgpPath path6 = Assert.Single(await router.WaitForRibAsync(AddressFamily.InterNetworkV6, rib => rib.Count == 1, BgpEndToEnd.Routes));
        Assert.Equal(s_workload6, path6.Prefix);
        Assert.Equal(BgpTopology.HostAddress6, path6.NextHop);
        Assert.Equal(BgpTopology.HostAddress6, path6.Neighbor);
        Assert.Equal([hostAs], path6.AsPath);
        Assert.Equal(0, path6.Origin);

        Assert.Equal(2, speaker.LogLines("established with AS 65000").Count);

        // Stopping says goodbye (Cease): gobgpd drops the routes at once instead of keeping them as stale.
        Assert.Equal(0, await speaker.TerminateAsync(BgpEndToEnd.Exit));
        await router.WaitForRibAsync(AddressFamily.InterNetwork, rib => rib.Count == 0, BgpEndToEnd.Routes, "the IPv4 route withdrawn");
        await router.WaitForRibAsync(AddressFamily.InterNetworkV6, rib => rib.Count == 0, BgpEndToEnd.Routes, "the IPv6 route withdrawn");
    }
}
