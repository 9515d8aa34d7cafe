using System.Net;

namespace Gate64.Testing.Routing;

/// <summary>A configured gobgpd neighbour (<c>[[neighbors]]</c>).</summary>
/// <param name="Address">The neighbour's address.</param>
/// <param name="PeerAs">The neighbour's AS.</param>
/// <param name="Families">gobgp AFI-SAFI names, e.g. <c>ipv4-unicast</c>, <c>ipv6-unicast</c>.</param>
public sealed record GoBgpNeighbor(IPAddress Address, uint PeerAs, IReadOnlyList<string> Families)
{
    /// <summary>Waits for the neighbour to connect instead of dialling it (<c>passive-mode</c>).</summary>
    public bool Passive { get; init; }

    /// <summary>Starts administratively down (<c>admin-down</c>); <see cref="GoBgpDaemon.EnableNeighborAsync"/> brings it up.</summary>
    public bool AdminDown { get; init; }

    /// <summary>Advertise graceful restart (RFC 4724) for every family, as a restarting-capable speaker.</summary>
    public bool GracefulRestart { get; init; }

    /// <summary>Proposed hold time in seconds (null: gobgpd's default of 90).</summary>
    public int? HoldTime { get; init; }

    /// <summary>
    /// Seconds between connection attempts (null: 120). gobgpd waits 5–9 s before its first
    /// attempt whatever this says.
    /// </summary>
    public int? ConnectRetry { get; init; }

    /// <summary>Seconds gobgpd stays idle after a session was reset (null: 30).</summary>
    public int? IdleHoldTimeAfterReset { get; init; }
}
