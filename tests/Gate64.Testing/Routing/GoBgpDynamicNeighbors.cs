using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>
/// Neighbours accepted from a whole range (<c>[[peer-groups]]</c> + <c>[[dynamic-neighbors]]</c>):
/// gobgpd listens and never dials them, like a router waiting for gate64 hosts.
/// </summary>
/// <param name="Range">Where the neighbours' addresses lie.</param>
/// <param name="PeerAs">Their AS.</param>
/// <param name="Families">gobgp AFI-SAFI names, e.g. <c>ipv4-unicast</c>.</param>
public sealed record GoBgpDynamicNeighbors(IpPrefix Range, uint PeerAs, IReadOnlyList<string> Families)
{
    /// <summary>Keep a restarting neighbour's routes (graceful restart helper).</summary>
    public bool GracefulRestartHelper { get; init; }
}
