namespace Gate64.Cli.Demo;

/// <summary>
/// The demo's address plan: documentation prefixes only (RFC 5737, RFC 3849), plus link-local and
/// 169.254.1.1 inside the namespaces. Nothing here is routed anywhere but between the demo's own
/// namespaces, and no namespace has an interface outside them.
/// <code>
///                   203.0.113.0/28        203.0.113.64/28
///            web ─────────────┐     ┌────────────── client
///   203.0.113.10 (IPv4 only)  │     │  203.0.113.66 (IPv4 only)
///                            router (BIRD, AS 65000)
///      198.51.100.0/30 ──────┘  │  └────── 198.51.100.8/30
///      2001:db8:ffff:1::/64     │          2001:db8:ffff:3::/64
///   gateway (AS 65001)    198.51.100.4/30         host B (AS 65001)
///   dns64  [2001:db8:53::53]:53  2001:db8:ffff:2::/64
///   nat64  2001:db8:64::/96 ⇄ 198.51.100.128/28   host A (AS 65001)
///   ingress 198.51.100.80:80,443    ├── wl1 2001:db8:10::1 (site1.demo.test, HTTPS)
///                                   └── wl2 2001:db8:10::2
/// </code>
/// </summary>
internal static class DemoAddresses
{
    public const uint RouterAs = 65000;

    /// <summary>One AS for the gateway and both hosts, as the shipped BIRD snippet expects.</summary>
    public const uint Gate64As = 65001;

    public const string RouterId = "198.51.100.1";

    /// <summary>Where the BGP sessions of gateway and hosts come from (the router's dynamic neighbour ranges).</summary>
    public const string HostRange4 = "198.51.100.0/28";

    public const string HostRange6 = "2001:db8:ffff::/48";

    /// <summary>The NAT64 prefix: network-specific, because RFC 6052 §3.1 forbids 64:ff9b::/96 for documentation addresses.</summary>
    public const string Nat64Prefix = "2001:db8:64::/96";

    /// <summary>The NAT64's IPv4 pool.</summary>
    public const string Nat64Pool = "198.51.100.128/28";

    /// <summary>The gateway's public IPv4 address: the ingress listens here and every A record of a site points here.</summary>
    public const string IngressAddress = "198.51.100.80";

    /// <summary>The DNS64 resolver the workloads use, on the gateway's loopback and announced by BGP.</summary>
    public const string Dns64Address = "2001:db8:53::53";

    /// <summary>The IPv6 workload pool: hosts announce /128s inside it.</summary>
    public const string WorkloadPool6 = "2001:db8:10::/48";

    /// <summary>The IPv4 workload pool the router snippet asks for; the demo's workloads are IPv6-only and use none.</summary>
    public const string WorkloadPool4 = "192.0.2.0/24";

    public const string Workload1 = "2001:db8:10::1";

    public const string Workload2 = "2001:db8:10::2";

    public const string WebAddress = "203.0.113.10";

    public const string WebRouter = "203.0.113.1";

    public const int WebPrefixLength = 28;

    public const string ClientAddress = "203.0.113.66";

    public const string ClientRouter = "203.0.113.65";

    public const int ClientPrefixLength = 28;

    /// <summary>The demo's DNS zone, served by unbound in the gateway.</summary>
    public const string Zone = "demo.test";

    /// <summary>AAAA → workload 1 and A → the gateway: a site the ingress routes.</summary>
    public const string SiteName = "site1.demo.test";

    /// <summary>A → the gateway but no AAAA: the ingress must refuse it and say why.</summary>
    public const string NoAaaaName = "noaaaa.demo.test";

    /// <summary>A → the IPv4-only web server, no AAAA: DNS64 synthesizes one.</summary>
    public const string Ipv4OnlyName = "ipv4only.demo.test";

    /// <summary><see cref="WebAddress"/> embedded in <see cref="Nat64Prefix"/> (RFC 6052 §2.2, /96: the last 32 bits).</summary>
    public const string WebVia64 = "2001:db8:64::cb00:710a";

    /// <summary>The router's and the other end's address of the uplink to <paramref name="role"/>, each with its prefix length.</summary>
    public static DemoUplink Uplink(DemoRole role) => role switch
    {
        DemoRole.Gateway => new("198.51.100.1", "198.51.100.2", 30, "2001:db8:ffff:1::1", "2001:db8:ffff:1::2", 64),
        DemoRole.HostA => new("198.51.100.5", "198.51.100.6", 30, "2001:db8:ffff:2::1", "2001:db8:ffff:2::2", 64),
        DemoRole.HostB => new("198.51.100.9", "198.51.100.10", 30, "2001:db8:ffff:3::1", "2001:db8:ffff:3::2", 64),
        DemoRole.Client => new(ClientRouter, ClientAddress, ClientPrefixLength, null, null, 0),
        DemoRole.Web => new(WebRouter, WebAddress, WebPrefixLength, null, null, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no uplink to the router"),
    };
}
