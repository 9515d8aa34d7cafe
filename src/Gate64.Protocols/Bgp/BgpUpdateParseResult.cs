namespace Gate64.Protocols.Bgp;

/// <summary>
/// The verdict on one received UPDATE, with the number of prefixes it announced and withdrew per family.
/// The speaker ignores received routes, so no prefixes are returned; the counts prove the parse.
/// </summary>
public readonly record struct BgpUpdateParseResult
{
    public BgpUpdateOutcome Outcome { get; init; }

    /// <summary>The family of an End-of-RIB marker; null otherwise.</summary>
    public BgpAddressFamily? EndOfRibFamily { get; init; }

    /// <summary>IPv4 unicast prefixes in the NLRI field and in MP_REACH_NLRI.</summary>
    public int Ipv4Announced { get; init; }

    /// <summary>IPv4 unicast prefixes in the Withdrawn Routes field and in MP_UNREACH_NLRI.</summary>
    public int Ipv4Withdrawn { get; init; }

    public int Ipv6Announced { get; init; }

    public int Ipv6Withdrawn { get; init; }

    /// <summary>The NOTIFICATION to send when <see cref="Outcome"/> is <see cref="BgpUpdateOutcome.SessionReset"/>.</summary>
    public BgpNotification? Error { get; init; }

    /// <summary>A short reason for logs when something was wrong (also set for discarded attributes in a valid UPDATE).</summary>
    public string? Problem { get; init; }
}
