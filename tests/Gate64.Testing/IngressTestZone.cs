namespace Gate64.Testing;

/// <summary>
/// Zone <c>test.</c> that the resolver of an <see cref="IngressTopology"/> serves: one name per
/// routing outcome of the ingress (documentation addresses only).
/// </summary>
public static class IngressTestZone
{
    /// <summary>A (the gateway) and AAAA 2001:db8:1::10 (permitted, all backends listen).</summary>
    public const string Site = "site.test";

    /// <summary>CNAME to <see cref="Site"/>.</summary>
    public const string Alias = "alias.test";

    /// <summary>Only an A record: "has no AAAA record".</summary>
    public const string NoAaaa = "noaaaa.test";

    /// <summary>Absent: NXDOMAIN.</summary>
    public const string NoSuchName = "nosuch.test";

    /// <summary>AAAA 2001:db8:2::10: outside the permitted prefixes; its recorders must stay empty.</summary>
    public const string Outside = "outside.test";

    /// <summary>AAAA 2001:db8:1::11: permitted, but nothing listens (connection refused).</summary>
    public const string Refused = "refused.test";

    /// <summary>AAAA 2001:db8:1::12: permitted, packets silently dropped (connect timeout).</summary>
    public const string Timeout = "timeout.test";

    /// <summary>AAAA 2001:db8:ff::1: the gateway's own address (a loop).</summary>
    public const string Loop = "loop.test";

    /// <summary>AAAA ::ffff:198.51.100.1: an IPv4-mapped address.</summary>
    public const string Mapped = "mapped.test";

    /// <summary>AAAA 2001:db8:3::10: a second permitted prefix with its own recorder.</summary>
    public const string Other = "other.test";

    /// <summary>Outside zone <c>test.</c>: the resolver answers REFUSED, a DNS failure for the ingress.</summary>
    public const string DnsFailure = "dnsfail.example";

    public static UnboundZone Zone { get; } = new(
        "test.",
        [
            "@ 3600 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
            "@ 3600 IN NS ns",
            "ns 3600 IN A 192.0.2.53",
            "site 60 IN A 198.51.100.1",
            "site 60 IN AAAA 2001:db8:1::10",
            "alias 60 IN CNAME site",
            "noaaaa 60 IN A 198.51.100.1",
            "outside 60 IN AAAA 2001:db8:2::10",
            "refused 60 IN AAAA 2001:db8:1::11",
            "timeout 60 IN AAAA 2001:db8:1::12",
            "loop 60 IN AAAA 2001:db8:ff::1",
            "mapped 60 IN AAAA ::ffff:198.51.100.1",
            "other 60 IN AAAA 2001:db8:3::10",
        ]);
}
