namespace Gate64.Cli.Demo;

/// <summary>
/// Step 5: workload 1 moves from host A to host B (link down there, link up here); BGP moves its
/// /128 and BIRD switches the next hop; the client's fetch by name still works.
/// </summary>
internal sealed class MoveStep : IDemoStep
{
    private static readonly TimeSpan s_switchTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_fetchRetryTimeout = TimeSpan.FromSeconds(10);

    public string Title => "A workload moves to another host and stays reachable";

    public async Task<bool> RunAsync(DemoContext context)
    {
        DemoNarrator narrator = context.Narrator;
        string route = $"{DemoAddresses.Workload1}/128";
        string hostA = DemoAddresses.Uplink(DemoRole.HostA).PeerIpv6!;
        string hostB = DemoAddresses.Uplink(DemoRole.HostB).PeerIpv6!;

        narrator.Say("Moving a workload is making its link on the new host: same address, and the same gateway");
        narrator.Say("as seen from inside. Before, the router sends workload 1's traffic to host A:");
        DemoCommandResult before = await context.BirdcAsync("show", "route", route).ConfigureAwait(false);
        narrator.Command(before);

        DemoCommandResult down = await context.Gate64InAsync(DemoRole.HostA, DemoGate64Arguments.LinkDown(DemoRole.Workload1)).ConfigureAwait(false);
        narrator.Command(down);
        DemoCommandResult up = await context.Gate64InAsync(DemoRole.HostB, DemoGate64Arguments.LinkUp(context.Names, DemoRole.Workload1)).ConfigureAwait(false);
        narrator.Command(up);
        bool moved = down.Succeeded && up.Succeeded;
        narrator.Check(moved, "link down on host A, link up on host B");

        narrator.Say("Host A's speaker withdraws the /128, host B's announces it; BIRD switches the next hop:");
        DemoCommandResult after = await context.PollAsync(
            () => context.BirdcAsync("show", "route", route),
            result => OnlyVia(result.Output, route, hostB),
            s_switchTimeout).ConfigureAwait(false);
        narrator.Command(after);
        bool switched = OnlyVia(after.Output, route, hostB);
        narrator.Check(switched, $"{route} via {hostB} (host B), no longer via {hostA} (host A)");

        narrator.Say("The client fetches the site by name again, nothing changed on its side:");
        DemoCommandResult fetch = await context.PollAsync(() => SiteFetch.RunAsync(context), SiteFetch.Succeeded, s_fetchRetryTimeout).ConfigureAwait(false);
        narrator.Command(fetch);
        bool reachable = SiteFetch.Succeeded(fetch);
        narrator.Check(reachable, "workload 1's page, now through host B");
        return moved && switched && reachable;
    }

    /// <summary>True when BIRD's only routes for <paramref name="network"/> go through <paramref name="nextHop"/>.</summary>
    public static bool OnlyVia(string showRouteOutput, string network, string nextHop) =>
        BirdRouteText.NextHops(showRouteOutput).TryGetValue(network, out IReadOnlyList<string>? hops)
        && hops.Count > 0
        && hops.All(hop => hop == nextHop);
}
