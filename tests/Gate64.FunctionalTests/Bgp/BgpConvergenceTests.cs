using System.Diagnostics;
using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Testing.Bgp;
using Gate64.Testing.Routing;
using Xunit.Abstractions;

namespace Gate64.FunctionalTests.Bgp;

/// <summary>
/// Issue 5: "10,000 announced prefixes converge". 5,000 IPv4 /32s and 5,000 IPv6 /128s appear at once in
/// the host's kernel as Gate64 routes (one <c>ip -batch</c>); <c>gate64 bgp</c> follows the kernel and
/// BIRD must hold all of them, then lose all of them when the routes are flushed.
/// </summary>
[Collection(BgpEndToEndCollection.Name)]
public sealed class BgpConvergenceTests(ITestOutputHelper output)
{
    private const int RoutesPerFamily = 5_000;

    /// <summary>Gate64's route protocol number (<c>Gate64.Links.OwnedRoutes.ProtocolNumber</c>): the speaker announces these routes.</summary>
    private const int Gate64RouteProtocol = 64;

    /// <summary>5,000 /32s do not fit in 192.0.2.0/24: the router's IPv4 workload pool for this test (inside the namespaces only).</summary>
    private static readonly IpPrefix s_pool4 = IpPrefix.Parse("10.64.0.0/16");

    /// <summary>From the kernel change until BIRD holds (or lost) all 10,000; it takes about a second here.</summary>
    private static readonly TimeSpan s_convergence = TimeSpan.FromSeconds(20);

    [Fact(Timeout = BgpEndToEnd.TestMilliseconds)]
    public async Task TenThousandKernelRoutes_AllReachBird_FlushingThemWithdrawsThemAll()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync(BgpTopology.RouterSettings() with { WorkloadPool4 = s_pool4 });
        Gate64BgpProcess speaker = topology.Own(Gate64BgpProcess.Start(topology.Host, BgpTopology.SpeakerArguments()));
        await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session);
        // A throwaway veth end in the host carries the routes (this kernel has no dummy links).
        VethLink device = topology.Own(await VethLink.CreateAsync(topology.Host, [], topology.Workload, []));
        IReadOnlyList<IpPrefix> routes4 = KernelRouteBatch.HostPrefixes(s_pool4, RoutesPerFamily);
        IReadOnlyList<IpPrefix> routes6 = KernelRouteBatch.HostPrefixes(BgpTopology.WorkloadPool6, RoutesPerFamily);

        Stopwatch adding = Stopwatch.StartNew();
        await KernelRouteBatch.AddAsync(topology.Host, device.FirstName, [.. routes4, .. routes6], Gate64RouteProtocol);
        TimeSpan installed = adding.Elapsed;
        Assert.Equal(RoutesPerFamily, await KernelRouteBatch.CountAsync(topology.Host, ipv6: false, Gate64RouteProtocol));
        Assert.Equal(RoutesPerFamily, await KernelRouteBatch.CountAsync(topology.Host, ipv6: true, Gate64RouteProtocol));
        await bird.WaitUntilAsync(
            bird.CountNetworksAsync,
            counts => counts.GetValueOrDefault("master4") == RoutesPerFamily && counts.GetValueOrDefault("master6") == RoutesPerFamily,
            s_convergence,
            $"{RoutesPerFamily} IPv4 and {RoutesPerFamily} IPv6 routes at BIRD",
            Describe);
        TimeSpan converged = adding.Elapsed;
        output.WriteLine($"ip -batch installed {2 * RoutesPerFamily} routes in {installed.TotalMilliseconds:0} ms; BIRD held all of them {converged.TotalMilliseconds:0} ms after the batch started");

        // Spot checks: the first and last of each family, with our next hops. (Not "show route all" of the whole
        // table: 10,000 routes print more than the harness keeps of a process's output.)
        foreach ((IpPrefix prefix, IPAddress nextHop) in new[]
        {
            (routes4[0], BgpTopology.HostAddress4), (routes4[^1], BgpTopology.HostAddress4),
            (routes6[0], BgpTopology.HostAddress6), (routes6[^1], BgpTopology.HostAddress6),
        })
        {
            BirdRoute route = Assert.Single(BirdOutputParser.ParseRoutes(await bird.RunCommandAsync("show", "route", prefix.ToString(), "all")));
            Assert.Equal(prefix, route.Prefix);
            Assert.Equal(nextHop, route.Gateway);
            Assert.Equal([BgpTopology.HostAs], route.AsPath);
        }

        Stopwatch flushing = Stopwatch.StartNew();
        await KernelRouteBatch.FlushAsync(topology.Host, Gate64RouteProtocol);
        await bird.WaitUntilAsync(
            bird.CountNetworksAsync,
            counts => counts.GetValueOrDefault("master4") == 0 && counts.GetValueOrDefault("master6") == 0,
            s_convergence,
            "every route withdrawn from BIRD",
            Describe);
        TimeSpan withdrawn = flushing.Elapsed;
        output.WriteLine($"flush by proto → BIRD empty in {withdrawn.TotalMilliseconds:0} ms");

        Assert.Equal(2, (await bird.WaitForEstablishedAsync(2, BgpEndToEnd.Session)).Count);
        Assert.Empty(speaker.LogLines("session down"));
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value} networks"));
}
