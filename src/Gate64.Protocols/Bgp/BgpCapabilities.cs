namespace Gate64.Protocols.Bgp;

/// <summary>The capabilities of an OPEN (RFC 5492) that this speaker writes or understands.</summary>
public sealed record BgpCapabilities
{
    /// <summary>Multiprotocol capabilities (code 1, RFC 4760), one per AFI/SAFI, in wire order.</summary>
    public IReadOnlyList<BgpAddressFamily> Families { get; init; } = [];

    /// <summary>Route refresh (code 2, RFC 2918; the old Cisco code 128 also sets it on parse).</summary>
    public bool RouteRefresh { get; init; }

    /// <summary>Enhanced route refresh (code 70, RFC 7313).</summary>
    public bool EnhancedRouteRefresh { get; init; }

    /// <summary>The 4-octet AS from capability 65 (RFC 6793); null when absent.</summary>
    public uint? FourOctetAs { get; init; }

    /// <summary>Graceful restart (code 64, RFC 4724); null when absent.</summary>
    public BgpGracefulRestart? GracefulRestart { get; init; }

    /// <summary>Capability codes a peer sent that this speaker does not use (kept for logging), in wire order.</summary>
    public IReadOnlyList<byte> Unrecognized { get; init; } = [];
}
