using System.Globalization;

namespace Gate64.Cli.Demo;

/// <summary>
/// The <c>gate64</c> command lines the demo runs, exactly as an operator would type them (see
/// docs/*.md): the platform is made of the single-service commands, nothing demo-specific.
/// </summary>
internal static class DemoGate64Arguments
{
    /// <summary>The gateway's resolver for its own services: unbound on loopback, serving the demo zone.</summary>
    public const string LocalResolver = "127.0.0.1:53";

    private static string RouterAs => DemoAddresses.RouterAs.ToString(CultureInfo.InvariantCulture);

    private static string Gate64As => DemoAddresses.Gate64As.ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<string> Dns64() =>
    [
        "dns64",
        "--listen", $"[{DemoAddresses.Dns64Address}]:53",
        "--upstream", LocalResolver,
        "--prefix", DemoAddresses.Nat64Prefix,
        "--allow", DemoAddresses.WorkloadPool6,
    ];

    public static IReadOnlyList<string> Nat64() =>
    [
        "nat64",
        "--tun", DemoNames.TunInterface,
        "--prefix", DemoAddresses.Nat64Prefix,
        "--pool4", DemoAddresses.Nat64Pool,
        "--allow", DemoAddresses.WorkloadPool6,
    ];

    public static IReadOnlyList<string> Ingress() =>
    [
        "ingress",
        "--listen", $"{DemoAddresses.IngressAddress}:80",
        "--listen", $"{DemoAddresses.IngressAddress}:443",
        "--resolver", LocalResolver,
        "--permit", DemoAddresses.WorkloadPool6,
    ];

    /// <summary>The gateway's speaker: only its service prefixes (it has no workloads of its own).</summary>
    public static IReadOnlyList<string> GatewayBgp()
    {
        DemoUplink uplink = DemoAddresses.Uplink(DemoRole.Gateway);
        return
        [
            "bgp",
            "--local-as", Gate64As,
            "--router-id", uplink.PeerIpv4,
            "--neighbor", $"{uplink.RouterIpv4},as={RouterAs}",
            "--neighbor", $"{uplink.RouterIpv6},as={RouterAs}",
            "--no-owned-routes",
            "--announce", DemoAddresses.Nat64Prefix,
            "--announce", $"{DemoAddresses.Dns64Address}/128",
            "--announce", DemoAddresses.Nat64Pool,
            "--announce", $"{DemoAddresses.IngressAddress}/32",
        ];
    }

    /// <summary>A workload host's speaker: the /128s of the links it holds, over an IPv6 session (the workloads are IPv6-only).</summary>
    public static IReadOnlyList<string> HostBgp(DemoRole host)
    {
        if (host is not (DemoRole.HostA or DemoRole.HostB))
        {
            throw new ArgumentOutOfRangeException(nameof(host), host, "not a workload host");
        }
        DemoUplink uplink = DemoAddresses.Uplink(host);
        return
        [
            "bgp",
            "--local-as", Gate64As,
            "--router-id", uplink.PeerIpv4,
            "--neighbor", $"{uplink.RouterIpv6},as={RouterAs}",
        ];
    }

    public static IReadOnlyList<string> LinkUp(DemoNames names, DemoRole workload) =>
    [
        "link", "up", DemoNames.WorkloadLink(workload),
        "--netns", names.Namespace(workload),
        "--ipv6", WorkloadAddress(workload),
    ];

    public static IReadOnlyList<string> LinkDown(DemoRole workload) => ["link", "down", DemoNames.WorkloadLink(workload)];

    /// <summary><c>gate64 check</c> as the gateway's operator runs it, with the ingress's own resolver and permits.</summary>
    public static IReadOnlyList<string> Check(string name) =>
    [
        "check", name,
        "--resolver", LocalResolver,
        "--permit", DemoAddresses.WorkloadPool6,
        "--gateway", DemoAddresses.IngressAddress,
        "--timeout", "2",
    ];

    public static string WorkloadAddress(DemoRole workload) => workload switch
    {
        DemoRole.Workload1 => DemoAddresses.Workload1,
        DemoRole.Workload2 => DemoAddresses.Workload2,
        _ => throw new ArgumentOutOfRangeException(nameof(workload), workload, "not a workload"),
    };
}
