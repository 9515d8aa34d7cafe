namespace Gate64.Cli.Demo;

/// <summary>Step 1: BIRD learned every workload's /128 from host A and the gateway's service prefixes, by BGP.</summary>
internal sealed class BgpRoutesStep : IDemoStep
{
    private static readonly TimeSpan s_convergenceTimeout = TimeSpan.FromSeconds(25);

    public string Title => "The router learns the workloads and the gateway's prefixes by BGP";

    /// <summary>Network → (next hop, what it is).</summary>
    public static IReadOnlyList<(string Network, string NextHop, string What)> Expected { get; } =
    [
        ($"{DemoAddresses.IngressAddress}/32", DemoAddresses.Uplink(DemoRole.Gateway).PeerIpv4, "the gateway's ingress address"),
        (DemoAddresses.Nat64Pool, DemoAddresses.Uplink(DemoRole.Gateway).PeerIpv4, "the gateway's NAT64 pool"),
        ($"{DemoAddresses.Workload1}/128", DemoAddresses.Uplink(DemoRole.HostA).PeerIpv6!, "workload 1, on host A"),
        ($"{DemoAddresses.Workload2}/128", DemoAddresses.Uplink(DemoRole.HostA).PeerIpv6!, "workload 2, on host A"),
        ($"{DemoAddresses.Dns64Address}/128", DemoAddresses.Uplink(DemoRole.Gateway).PeerIpv6!, "the gateway's DNS64 address"),
        (DemoAddresses.Nat64Prefix, DemoAddresses.Uplink(DemoRole.Gateway).PeerIpv6!, "the gateway's NAT64 prefix"),
    ];

    public async Task<bool> RunAsync(DemoContext context)
    {
        DemoNarrator narrator = context.Narrator;
        narrator.Say("The gateway's gate64 bgp announces its service prefixes; gate64 bgp on host A announces the /128");
        narrator.Say("of each link 'gate64 link up' made there. BIRD accepts what the shipped filter allows:");
        DemoCommandResult routes = await context.PollAsync(
            () => context.BirdcAsync("show", "route"),
            result => result.Succeeded && Missing(result.Output).Count == 0,
            s_convergenceTimeout).ConfigureAwait(false);
        narrator.Command(routes, maxLines: 24);
        IReadOnlyList<string> missing = Missing(routes.Output);
        foreach ((string network, string nextHop, string what) in Expected)
        {
            narrator.Check(!missing.Contains(network), $"{network} via {nextHop}: {what}");
        }
        return routes.Succeeded && missing.Count == 0;
    }

    /// <summary>The expected networks that BIRD does not route through their expected next hop.</summary>
    public static IReadOnlyList<string> Missing(string showRouteOutput)
    {
        IReadOnlyDictionary<string, IReadOnlyList<string>> routes = BirdRouteText.NextHops(showRouteOutput);
        return [.. Expected
            .Where(e => !routes.TryGetValue(e.Network, out IReadOnlyList<string>? hops) || !hops.Contains(e.NextHop, StringComparer.Ordinal))
            .Select(e => e.Network)];
    }
}
