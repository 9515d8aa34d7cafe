namespace Gate64.Protocols.Bgp;

/// <summary>
/// The path attributes this speaker puts on the routes it originates. The AS path is one AS_SEQUENCE
/// written with 4-byte ASNs: the speaker only peers with routers that negotiate capability 65. An empty
/// path is right for iBGP; for eBGP it holds the local AS.
/// </summary>
public sealed record BgpRouteAttributes
{
    public BgpOrigin Origin { get; init; } = BgpOrigin.Igp;

    public IReadOnlyList<uint> AsPath { get; init; } = [];

    /// <summary>MULTI_EXIT_DISC; null leaves the attribute out.</summary>
    public uint? MultiExitDiscriminator { get; init; }

    /// <summary>RFC 1997 communities, written in this order.</summary>
    public IReadOnlyList<uint> Communities { get; init; } = [];

    /// <summary>RFC 8092 large communities, written in this order.</summary>
    public IReadOnlyList<BgpLargeCommunity> LargeCommunities { get; init; } = [];
}
