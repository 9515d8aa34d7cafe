using System.Net;

namespace Gate64.Testing.Routing;

/// <summary>One entry of <c>gobgp neighbor -j</c>.</summary>
/// <param name="Address">The neighbour's address.</param>
/// <param name="PeerAs">The neighbour's AS.</param>
/// <param name="State">The session state.</param>
/// <param name="PeerGroup">The peer group of a dynamic neighbour, else null.</param>
public sealed record GoBgpPeer(IPAddress Address, uint PeerAs, GoBgpSessionState State, string? PeerGroup)
{
    public bool IsEstablished => State == GoBgpSessionState.Established;

    /// <summary>ROUTE-REFRESH messages received from the neighbour (e.g. after BIRD's <c>reload in</c>).</summary>
    public long RouteRefreshesReceived { get; init; }

    /// <summary>UPDATE messages received from the neighbour.</summary>
    public long UpdatesReceived { get; init; }

    public override string ToString() => $"{Address} AS{PeerAs} {State}{(PeerGroup is null ? "" : $" ({PeerGroup})")}";
}
