namespace Gate64.Cli.Demo;

/// <summary>The machines of the demo platform, one network namespace each.</summary>
internal enum DemoRole
{
    /// <summary>The upstream router: BIRD with the shipped snippet, the hub every other machine hangs off.</summary>
    Router,

    /// <summary>The Gate64 gateway: dns64, nat64, ingress and a BGP speaker announcing their prefixes.</summary>
    Gateway,

    /// <summary>Workload host A: gate64 bgp, holds both workloads at first.</summary>
    HostA,

    /// <summary>Workload host B: gate64 bgp, where workload 1 moves to.</summary>
    HostB,

    /// <summary>IPv6-only workload 1: serves https://site1.demo.test/.</summary>
    Workload1,

    /// <summary>IPv6-only workload 2: resolves and fetches an IPv4-only site through DNS64 + NAT64.</summary>
    Workload2,

    /// <summary>A visitor on the IPv4 internet.</summary>
    Client,

    /// <summary>An IPv4-only web server.</summary>
    Web,
}
