using System.Diagnostics;
using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing.Bgp;
using Gate64.Testing.Routing;
using Xunit.Abstractions;

namespace Gate64.FunctionalTests.Bgp;

/// <summary>
/// <c>gate64 bgp</c> (the real CLI, in the host namespace) against BIRD 2 running the shipped router snippet
/// (<c>deploy/bird</c>) in the router namespace: one IPv4 and one IPv6 session, workload links made with
/// <c>gate64 link up</c>, service prefixes from <c>--announce</c>, graceful restart and route refresh.
/// </summary>
[Collection(BgpEndToEndCollection.Name)]
public sealed class BgpBirdTests(ITestOutputHelper output)
{
    private const string WorkloadIpv4 = "192.0.2.10";
    private const string WorkloadIpv6 = "2001:db8:10::10";

    private static readonly IpPrefix s_workload4 = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_workload6 = IpPrefix.Parse("2001:db8:10::10/128");
    private static readonly IpPrefix s_outside4 = IpPrefix.Parse("203.0.113.0/24");
    private static readonly IpPrefix s_outside6 = IpPrefix.Parse("2001:db8:20::/64");
    private static readonly BgpCommunity s_community = new(65001, 100);
    private static readonly BgpLargeCommunity s_largeCommunity = new(65001, 1, 2);

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task LinkUp_BirdLearnsBothHostRoutes_RouterPingsTheWorkload_LinkDown_WithdrawnWithinTwoSeconds()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        IPAddress linkLocal = await BgpEndToEnd.WaitForHostLinkLocalAsync(topology);
        Gate64BgpProcess speaker = topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments(extra:
            ["--hold-time", "9", "--community", "65001:100", "--large-community", "65001:1:2"])));
        IReadOnlyList<BirdProtocol> sessions = await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        string session4 = BgpEndToEnd.SessionName(sessions, "gate64_v4_");
        string session6 = BgpEndToEnd.SessionName(sessions, "gate64_v6_");
        foreach (string session in new[] { session4, session6 })
        {
            // --hold-time 9 wins over the snippet's 90 (the lower proposal is the session's).
            Assert.Matches(@"Hold timer:\s+[0-9.]+/9\n", await bird.ShowProtocolDetailsAsync(session));
        }

        string link = Gate64Link.NameFor(topology.Tag);
        await Gate64Link.UpAsync(topology.Host, link, topology.Workload, WorkloadIpv6, WorkloadIpv4);
        IReadOnlyList<BirdRoute> routes = await bird.WaitForRoutesAsync(
            all => all.Any(r => r.Prefix == s_workload4) && all.Any(r => r.Prefix == s_workload6), BgpEndToEnd.Routes, "both workload routes at BIRD");

        BirdRoute route4 = Assert.Single(routes, r => r.Prefix == s_workload4);
        Assert.Equal(session4, route4.Protocol);
        Assert.Equal(BgpTopology.HostAddress4, route4.Gateway);
        Assert.Equal([BgpTopology.HostAddress4], route4.BgpNextHop);
        Assert.Equal([BgpTopology.HostAs], route4.AsPath);
        Assert.Equal("IGP", route4.Origin);
        Assert.Equal([s_community], route4.Communities);
        Assert.Equal([s_largeCommunity], route4.LargeCommunities);

        BirdRoute route6 = Assert.Single(routes, r => r.Prefix == s_workload6);
        Assert.Equal(session6, route6.Protocol);
        Assert.Equal(BgpTopology.HostAddress6, route6.Gateway);
        // RFC 2545: global next hop, plus the link-local one of the interface facing the router (a shared link).
        Assert.Equal([BgpTopology.HostAddress6, linkLocal], route6.BgpNextHop);
        Assert.Equal([BgpTopology.HostAs], route6.AsPath);
        Assert.Equal([s_community], route6.Communities);
        Assert.Equal([s_largeCommunity], route6.LargeCommunities);

        // The router reaches the workload through the host on both families.
        await BgpEndToEnd.PingUntilAnsweredAsync(topology.Router, WorkloadIpv4, BgpEndToEnd.Routes);
        await BgpEndToEnd.PingUntilAnsweredAsync(topology.Router, WorkloadIpv6, BgpEndToEnd.Routes);

        // link down deletes the veth, and with it the host routes (IPv4 ones without a netlink message of
        // their own). Time the withdrawal from the kernel change, seen by ip monitor in the host.
        await using RouteMonitor hostKernel = await RouteMonitor.StartAsync(topology.Host);
        Task<long> removed = StampWhenAsync(hostKernel.WaitForAsync($"Deleted {WorkloadIpv6} ", BgpEndToEnd.Routes));
        Stopwatch command = Stopwatch.StartNew();
        await Gate64Link.DownAsync(topology.Host, link);
        TimeSpan commandTime = command.Elapsed;
        long removedAt = await removed;
        await bird.WaitForRoutesAsync(
            all => !all.Any(r => r.Prefix == s_workload4 || r.Prefix == s_workload6), BgpEndToEnd.Routes, "both workload routes withdrawn");
        TimeSpan latency = Stopwatch.GetElapsedTime(removedAt);

        output.WriteLine($"link down took {commandTime.TotalMilliseconds:0} ms; BIRD dropped both routes {latency.TotalMilliseconds:0} ms after the kernel did");
        Assert.True(latency <= BgpEndToEnd.Withdrawal, $"withdrawn {latency.TotalMilliseconds:0} ms after the kernel change\n{speaker.Describe()}");
        Assert.Equal(2, (await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session)).Count);
        Assert.Empty(speaker.LogLines("session down"));
    }

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task Announce_ServicePrefixesReachBird_APrefixOutsideTheRouterFilterIsFilteredThere()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments(extra:
        [
            "--no-owned-routes",
            "--announce", BgpTopology.ServicePrefix4.ToString(), "--announce", s_outside4.ToString(),
            "--announce", BgpTopology.ServicePrefix6.ToString(), "--announce", s_outside6.ToString(),
        ])));
        IReadOnlyList<BirdProtocol> sessions = await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        string session4 = BgpEndToEnd.SessionName(sessions, "gate64_v4_");
        string session6 = BgpEndToEnd.SessionName(sessions, "gate64_v6_");

        // Both prefixes of each family arrived (the speaker sent them); the snippet's filter kept one.
        BirdImportStats stats4 = await bird.WaitUntilAsync(() => bird.ShowImportStatsAsync(session4), s => s.Received >= 2, BgpEndToEnd.Routes, "2 IPv4 routes received");
        BirdImportStats stats6 = await bird.WaitUntilAsync(() => bird.ShowImportStatsAsync(session6), s => s.Received >= 2, BgpEndToEnd.Routes, "2 IPv6 routes received");
        Assert.True(stats4 is { Received: 2, Filtered: 1, Accepted: 1 }, stats4.ToString());
        Assert.True(stats6 is { Received: 2, Filtered: 1, Accepted: 1 }, stats6.ToString());
        IReadOnlyList<BirdRoute> routes = await bird.ShowRoutesAsync();
        Assert.Equal(
            new[] { BgpTopology.ServicePrefix4, BgpTopology.ServicePrefix6 }.Select(p => p.ToString()).Order(),
            routes.Select(r => r.Prefix.ToString()).Order());
        Assert.Equal(BgpTopology.HostAddress4, Assert.Single(routes, r => r.Prefix == BgpTopology.ServicePrefix4).Gateway);
        Assert.Equal(BgpTopology.HostAddress6, Assert.Single(routes, r => r.Prefix == BgpTopology.ServicePrefix6).Gateway);
    }

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task GracefulRestart_KillKeepsRoutesStale_RestartRefreshesThemAndPurgesTheDropped_SigtermWithdrawsAll()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        await BgpEndToEnd.WaitForHostLinkLocalAsync(topology);
        string[] services = ["--announce", BgpTopology.ServicePrefix4.ToString(), "--announce", BgpTopology.ServicePrefix6.ToString()];
        Gate64BgpProcess first = topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments(extra: ["--hold-time", "9", .. services])));
        IReadOnlyList<BirdProtocol> sessions = await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        string session4 = BgpEndToEnd.SessionName(sessions, "gate64_v4_");
        string session6 = BgpEndToEnd.SessionName(sessions, "gate64_v6_");
        await Gate64Link.UpAsync(topology.Host, Gate64Link.NameFor(topology.Tag), topology.Workload, WorkloadIpv6, WorkloadIpv4);
        IpPrefix[] all = [s_workload4, s_workload6, BgpTopology.ServicePrefix4, BgpTopology.ServicePrefix6];
        await bird.WaitForRoutesAsync(routes => all.All(p => routes.Any(r => r.Prefix == p)), BgpEndToEnd.Routes, "all four routes at BIRD");
        BirdImportStats before4 = await bird.ShowImportStatsAsync(session4);
        BirdImportStats before6 = await bird.ShowImportStatsAsync(session6);

        // A crash: no NOTIFICATION. BIRD keeps every route, marked stale, and the router keeps forwarding.
        await using RouteMonitor routerKernel = await RouteMonitor.StartAsync(topology.Router);
        await first.KillAsync(BgpEndToEnd.Exit);
        await bird.WaitForProtocolsAsync(p => !p.Any(x => x.IsEstablished), BgpEndToEnd.Session, "both sessions down after SIGKILL");
        foreach (string session in new[] { session4, session6 })
        {
            Assert.Contains("Neighbor graceful restart active", await bird.ShowProtocolDetailsAsync(session), StringComparison.Ordinal);
        }

        Assert.Equal(all.Select(p => p.ToString()).Order(), (await bird.ShowRoutesAsync()).Select(r => r.Prefix.ToString()).Order());
        await BgpEndToEnd.PingUntilAnsweredAsync(topology.Router, WorkloadIpv4, BgpEndToEnd.Routes);
        await BgpEndToEnd.PingUntilAnsweredAsync(topology.Router, WorkloadIpv6, BgpEndToEnd.Routes);

        // Back without the IPv4 service prefix: the same BIRD protocols take the sessions over, receive the other
        // three routes again (unchanged: BIRD counts them as ignored and clears their stale mark), and purge the
        // dropped prefix at the speaker's End-of-RIB, long before BIRD's 120 s restart timer would.
        Gate64BgpProcess second = topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments(extra:
            ["--hold-time", "9", "--announce", BgpTopology.ServicePrefix6.ToString()])));
        IReadOnlyList<BirdProtocol> again = await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        Assert.Equal(new[] { session4, session6 }.Order(), again.Select(p => p.Name).Order());
        BirdImportStats after4 = await bird.WaitUntilAsync(
            () => bird.ShowImportStatsAsync(session4), s => s.Received >= before4.Received + 1, BgpEndToEnd.Routes, "the IPv4 workload route announced again");
        BirdImportStats after6 = await bird.WaitUntilAsync(
            () => bird.ShowImportStatsAsync(session6), s => s.Received >= before6.Received + 2, BgpEndToEnd.Routes, "both IPv6 routes announced again");
        await routerKernel.WaitForAsync($"Deleted {BgpTopology.ServicePrefix4} ", BgpEndToEnd.Routes);
        IReadOnlyList<BirdRoute> routes = await bird.WaitForRoutesAsync(
            current => current.Count == 3 && !current.Any(r => r.Prefix == BgpTopology.ServicePrefix4), BgpEndToEnd.Routes, "the dropped prefix purged");
        output.WriteLine($"IPv4 session: {before4} → {after4}\nIPv6 session: {before6} → {after6}\nafter the restart:\n{string.Join('\n', routes)}");

        // Graceful restart exists so that forwarding never stops: the router's kernel kept the re-announced
        // routes throughout. An End-of-RIB sent before them would make BIRD purge them as stale and install
        // them again a moment later (and count them as accepted anew rather than ignored).
        Assert.Empty(routerKernel.DeletedLines($"{WorkloadIpv4} "));
        Assert.Empty(routerKernel.DeletedLines($"{WorkloadIpv6} "));
        Assert.Empty(routerKernel.DeletedLines($"{BgpTopology.ServicePrefix6}"));
        Assert.Equal(before4.Accepted, after4.Accepted);
        Assert.Equal(before6.Accepted, after6.Accepted);

        // SIGTERM: Cease/Administrative Shutdown on both sessions, every route gone at once.
        Stopwatch stopping = Stopwatch.StartNew();
        int exitCode = await second.TerminateAsync(BgpEndToEnd.Exit);
        await bird.WaitForRoutesAsync(r => r.Count == 0, BgpEndToEnd.Routes, "every route withdrawn after SIGTERM");
        TimeSpan withdrawn = stopping.Elapsed;
        output.WriteLine($"SIGTERM → BIRD empty in {withdrawn.TotalMilliseconds:0} ms");
        Assert.Equal(0, exitCode);
        Assert.True(withdrawn <= BgpEndToEnd.Withdrawal, $"routes withdrawn {withdrawn.TotalMilliseconds:0} ms after SIGTERM\n{second.Describe()}");
        IReadOnlyList<BirdProtocol> down = (await bird.ShowProtocolsAsync()).Where(p => p.Name == session4 || p.Name == session6).ToList();
        Assert.Equal(2, down.Count);
        Assert.All(down, p => Assert.EndsWith("Received: Administrative shutdown", p.Info, StringComparison.Ordinal));
        Assert.Contains("Message:        gate64 bgp is stopping", await bird.ShowProtocolDetailsAsync(session4), StringComparison.Ordinal);
    }

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task RouteRefresh_BirdReloadIn_TheSpeakerSendsItsRoutesAgain_SessionStaysUp()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        Gate64BgpProcess speaker = topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments(extra:
            ["--no-owned-routes", "--announce", BgpTopology.ServicePrefix4.ToString(), "--announce", BgpTopology.ServicePrefix6.ToString()])));
        IReadOnlyList<BirdProtocol> sessions = await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        await bird.WaitForRoutesAsync(r => r.Count == 2, BgpEndToEnd.Routes, "both service prefixes at BIRD");

        foreach (BirdProtocol session in sessions)
        {
            BirdImportStats before = await bird.ShowImportStatsAsync(session.Name);

            // BIRD sends ROUTE-REFRESH; the speaker answers with its table again, which BIRD counts as a received
            // update it ignores (nothing changed).
            await bird.ReloadInAsync(session.Name);
            BirdImportStats after = await bird.WaitUntilAsync(
                () => bird.ShowImportStatsAsync(session.Name), s => s.Received >= before.Received + 1, BgpEndToEnd.Routes, $"the routes of {session.Name} received again");

            Assert.True(after.Received == before.Received + 1 && after.Ignored == before.Ignored + 1 && after.Accepted == before.Accepted, $"{before} → {after}");
            BirdProtocol still = Assert.Single(await bird.ShowProtocolsAsync(), p => p.Name == session.Name);
            Assert.True(still.IsEstablished && still.Since == session.Since, $"{session} → {still}");
        }

        Assert.Equal(2, (await bird.ShowRoutesAsync()).Count);
        Assert.Empty(speaker.LogLines("session down"));
    }

    private static async Task<long> StampWhenAsync(Task happened)
    {
        await happened;
        return Stopwatch.GetTimestamp();
    }
}
