using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>One path of FRR's <c>show bgp ipv4|ipv6 unicast json</c>.</summary>
public sealed record FrrRoute
{
    public required IpPrefix Prefix { get; init; }

    public bool IsValid { get; init; }

    public bool IsBest { get; init; }

    /// <summary>The neighbour the path came from.</summary>
    public IPAddress? Peer { get; init; }

    /// <summary>The next hops (for IPv6 the global one, and a link-local one when sent).</summary>
    public IReadOnlyList<IPAddress> NextHops { get; init; } = [];

    /// <summary>The AS_SEQUENCE numbers of the path (AS_SET members, printed in braces, are left out).</summary>
    public IReadOnlyList<uint> AsPath { get; init; } = [];

    /// <summary><c>igp</c>, <c>egp</c> or <c>incomplete</c>.</summary>
    public string? Origin { get; init; }

    public override string ToString() =>
        $"{Prefix} via {string.Join(' ', NextHops)}{(IsValid ? "" : " invalid")}{(IsBest ? " best" : "")} path [{string.Join(' ', AsPath)}] from {Peer}";
}
