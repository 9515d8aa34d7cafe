using System.Net;

namespace Gate64.Testing.Routing;

/// <summary>One neighbour of FRR's <c>show bgp summary json</c>, per address family.</summary>
/// <param name="Address">The neighbour's address.</param>
/// <param name="Family"><c>ipv4Unicast</c> or <c>ipv6Unicast</c>.</param>
/// <param name="RemoteAs">The neighbour's AS.</param>
/// <param name="State">The session state, e.g. <c>Established</c>.</param>
/// <param name="PrefixesReceived">Prefixes accepted from it (after the import route-map).</param>
/// <param name="IsDynamic">Accepted through <c>bgp listen range</c>.</param>
public sealed record FrrPeer(IPAddress Address, string Family, uint RemoteAs, string State, long PrefixesReceived, bool IsDynamic)
{
    public bool IsEstablished => State == "Established";

    public override string ToString() => $"{Address} {Family} AS{RemoteAs} {State} {PrefixesReceived} prefixes{(IsDynamic ? " (dynamic)" : "")}";
}
