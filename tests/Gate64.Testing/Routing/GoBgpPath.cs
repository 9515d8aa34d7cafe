using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>One path of <c>gobgp global rib -j</c> (or <c>neighbor … adj-in -j</c>).</summary>
public sealed record GoBgpPath
{
    public required IpPrefix Prefix { get; init; }

    public bool IsBest { get; init; }

    public bool IsStale { get; init; }

    /// <summary>NEXT_HOP for IPv4, the MP_REACH next hop for IPv6.</summary>
    public IPAddress? NextHop { get; init; }

    /// <summary>The neighbour the path was learned from (null for a locally added path).</summary>
    public IPAddress? Neighbor { get; init; }

    /// <summary>ORIGIN: 0 IGP, 1 EGP, 2 incomplete (null when absent).</summary>
    public int? Origin { get; init; }

    public IReadOnlyList<uint> AsPath { get; init; } = [];

    public IReadOnlyList<BgpCommunity> Communities { get; init; } = [];

    public IReadOnlyList<BgpLargeCommunity> LargeCommunities { get; init; } = [];

    public override string ToString() =>
        $"{Prefix} via {NextHop}{(IsBest ? " best" : "")}{(IsStale ? " stale" : "")} as_path [{string.Join(' ', AsPath)}]" +
        (Neighbor is null ? "" : $" from {Neighbor}") +
        (Communities.Count == 0 ? "" : $" communities {string.Join(' ', Communities)}") +
        (LargeCommunities.Count == 0 ? "" : $" large {string.Join(' ', LargeCommunities)}");
}
