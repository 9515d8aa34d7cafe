using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>The zone unbound serves upstream of gate64, and what gate64 should make of it (documentation addresses only).</summary>
internal static class Dns64TestZone
{
    public const string Prefix = "2001:db8:64::/96";

    /// <summary>Negative TTL of the zone: min(SOA record TTL 3600, MINIMUM 300).</summary>
    public const uint NegativeTtl = 300;

    /// <summary>The TTL cap when no SOA is at hand (RFC 6147 §5.1.7).</summary>
    public const uint NoSoaTtlCap = 600;

    /// <summary>
    /// How far a TTL may have counted down when gate64 or unbound answered from a cache during the
    /// run; far below the gaps between the values the tests tell apart (60, 300, 600, 3600, 7200).
    /// </summary>
    public const uint TtlSlack = 20;

    public static UnboundZone Zone { get; } = new(
        "test.",
        [
            "@ 3600 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300",
            "@ 3600 IN NS ns",
            "ns 3600 IN A 192.0.2.53",
            "v4only 7200 IN A 192.0.2.10",
            "short 60 IN A 192.0.2.11",
            "mapped 3600 IN A 192.0.2.12",
            "mapped 3600 IN AAAA ::ffff:192.0.2.12",
            "dual 3600 IN A 192.0.2.13",
            "dual 3600 IN AAAA 2001:db8:1::10",
            "alias 3600 IN CNAME v4only",
            "info 3600 IN TXT \"gate64 functional test\"",
        ]);

    /// <summary>192.0.2.10 inside 2001:db8:64::/96.</summary>
    public static IPAddress V4OnlySynthesized { get; } = IPAddress.Parse("2001:db8:64::c000:20a");

    public static IPAddress ShortSynthesized { get; } = IPAddress.Parse("2001:db8:64::c000:20b");

    public static IPAddress MappedSynthesized { get; } = IPAddress.Parse("2001:db8:64::c000:20c");

    public static IPAddress DualSynthesized { get; } = IPAddress.Parse("2001:db8:64::c000:20d");

    public static IPAddress DualReal { get; } = IPAddress.Parse("2001:db8:1::10");
}
