using Gate64.Protocols.Bgp;

namespace Gate64.Bgp.Fsm;

/// <summary>What was negotiated when a session became Established.</summary>
/// <param name="PeerOpen">The neighbor's OPEN as parsed, with all its capabilities.</param>
/// <param name="HoldTime">The smaller of both hold times; zero means no keepalives and no hold timer.</param>
/// <param name="KeepaliveInterval">A third of <paramref name="HoldTime"/>; zero when the hold time is zero.</param>
/// <param name="Families">The families both sides offered, in our order: send routes and End-of-RIB for these only.</param>
internal sealed record BgpSessionInfo(BgpOpen PeerOpen, TimeSpan HoldTime, TimeSpan KeepaliveInterval, IReadOnlyList<BgpAddressFamily> Families)
{
    /// <summary>The neighbor's BGP identifier (big-endian number).</summary>
    public uint PeerRouterId => PeerOpen.RouterId;

    /// <summary>The neighbor may send ROUTE-REFRESH and expects nothing of us for it beyond resending; informational.</summary>
    public bool PeerSupportsRouteRefresh => PeerOpen.Capabilities.RouteRefresh;

    /// <summary>The neighbor's graceful restart capability, or null.</summary>
    public BgpGracefulRestart? PeerGracefulRestart => PeerOpen.Capabilities.GracefulRestart;
}
