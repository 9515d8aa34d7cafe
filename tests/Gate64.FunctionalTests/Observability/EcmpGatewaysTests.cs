using System.Globalization;
using System.Text.RegularExpressions;
using Gate64.Testing;
using Gate64.Testing.Bgp;
using Gate64.Testing.Observability;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Observability;

/// <summary>
/// Issue 6: "two gateways give BIRD two ECMP paths, and traffic keeps flowing when one is stopped".
/// Two real <c>gate64 bgp</c> processes announce the same service prefix to BIRD (the shipped
/// snippet, <c>merge paths</c>); the router's kernel gets one route with both next hops; stopping
/// the gateway that carries the client's flow (SIGTERM) withdraws its path at once, and a ping that
/// runs across the stop loses nothing even though that gateway then drops off the network.
/// </summary>
[Collection(ObservabilityFunctionalCollection.Name)]
public sealed partial class EcmpGatewaysTests
{
    private const int Pings = 40;

    [Fact(Timeout = BgpTimeouts.TestMilliseconds)]
    public async Task TwoGateways_BirdGetsTwoPaths_StoppingOne_LeavesOnePath_AndTheClientsPingLosesNothing()
    {
        await using TwoGatewayTopology topology = await TwoGatewayTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        Gate64BgpProcess[] gateways = [StartGateway(topology, 1), StartGateway(topology, 2)];

        await bird.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        IReadOnlyList<BirdRoute> routes = await bird.WaitForRoutesAsync(
            all => all.Count(r => r.Prefix == TwoGatewayTopology.ServicePrefix) == 2, BgpTimeouts.Routes, "the service prefix from both gateways");
        Assert.Equal(
            [TwoGatewayTopology.GatewayAddress(1).ToString(), TwoGatewayTopology.GatewayAddress(2).ToString()],
            routes.Where(r => r.Prefix == TwoGatewayTopology.ServicePrefix).Select(r => r.Gateway!.ToString()).Order(StringComparer.Ordinal));
        await WaitForNextHopsAsync(topology, bird, 2);
        await PingAsync(topology, count: 3, expectAll: true);

        int carrying = await topology.ChosenGatewayAsync();
        Assert.True(carrying is 1 or 2, "the router has no route for the service address");
        int other = 3 - carrying;
        string ping = RequiredTool.Find("ping");
        await using ChildProcess flow = topology.Client.Start(ping, ["-n", "-i", "0.2", "-W", "1", "-c", Pings.ToString(CultureInfo.InvariantCulture), TwoGatewayTopology.ServiceAddress.ToString()]);
        await flow.WaitForOutputAsync("icmp_seq=3 ", TimeSpan.FromSeconds(10));

        Assert.Equal(0, await gateways[carrying - 1].TerminateAsync(TimeSpan.FromSeconds(15)));
        string remaining = await WaitForNextHopsAsync(topology, bird, 1);
        Assert.Contains($"via {TwoGatewayTopology.GatewayAddress(other)} ", remaining, StringComparison.Ordinal);
        // The stopped gateway leaves the network: from now on only the other one can answer.
        await topology.RemoveServiceAddressAsync(carrying);
        Assert.Equal(other, await topology.ChosenGatewayAsync());

        Assert.Equal(0, await flow.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Match summary = PingSummary().Match(flow.StandardOutput);
        Assert.True(summary.Success, flow.Describe());
        Assert.Equal(Pings, int.Parse(summary.Groups["received"].Value, CultureInfo.InvariantCulture));
        await PingAsync(topology, count: 3, expectAll: true);
        Assert.False(gateways[other - 1].Process.HasExited, gateways[other - 1].Describe());
    }

    private static Gate64BgpProcess StartGateway(TwoGatewayTopology topology, int number)
    {
        (string routerId, string neighbor) = TwoGatewayTopology.BgpIdentity(number);
        return topology.Bgp.Own(Gate64BgpProcess.Start(topology.Gateway(number),
        [
            "bgp", "--local-as", BgpTopology.HostAs.ToString(CultureInfo.InvariantCulture), "--router-id", routerId, "--neighbor", neighbor,
            "--no-owned-routes", "--announce", TwoGatewayTopology.ServicePrefix.ToString(),
        ]));
    }

    /// <summary>Waits until the router's kernel route for the service prefix has <paramref name="count"/> next hops; returns it.</summary>
    internal static Task<string> WaitForNextHopsAsync(TwoGatewayTopology topology, BirdRouter bird, int count) =>
        bird.WaitUntilAsync(
            () => topology.Router.IpAsync("-4", "route", "show", TwoGatewayTopology.ServicePrefix.ToString()),
            route => count == 1
                ? route.Contains(" via ", StringComparison.Ordinal) && !route.Contains("nexthop", StringComparison.Ordinal)
                : Regex.Count(route, "nexthop via ") == count,
            BgpTimeouts.Routes,
            $"a kernel route for {TwoGatewayTopology.ServicePrefix} with {count} next hop(s)");

    internal static async Task PingAsync(TwoGatewayTopology topology, int count, bool expectAll)
    {
        ChildProcessResult result = await topology.Client.RunAsync(RequiredTool.Find("ping"),
            ["-n", "-i", "0.2", "-W", "1", "-c", count.ToString(CultureInfo.InvariantCulture), TwoGatewayTopology.ServiceAddress.ToString()], TimeSpan.FromSeconds(30));
        Assert.True(!expectAll || result.ExitCode == 0, result.ToString());
    }

    [GeneratedRegex(@"(?<sent>\d+) packets transmitted, (?<received>\d+) received")]
    private static partial Regex PingSummary();
}
