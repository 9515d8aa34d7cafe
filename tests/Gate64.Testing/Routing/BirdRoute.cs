using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>
/// One route of <c>birdc show route all</c>: the network, the protocol it came from, its next hops
/// and its attributes (<c>BGP.as_path</c>, <c>BGP.next_hop</c>, <c>BGP.community</c>, …) as BIRD prints them.
/// </summary>
public sealed partial record BirdRoute
{
    public required IpPrefix Prefix { get; init; }

    /// <summary>The routing table, e.g. <c>master4</c>.</summary>
    public required string Table { get; init; }

    /// <summary><c>unicast</c>, <c>blackhole</c>, <c>unreachable</c> or <c>prohibit</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The protocol the route came from, e.g. <c>gate64_v4_1</c> (a dynamic BGP neighbour).</summary>
    public required string Protocol { get; init; }

    /// <summary>True for the best route of its network (BIRD's <c>*</c>).</summary>
    public bool IsPrimary { get; init; }

    public int Preference { get; init; }

    /// <summary>BIRD's origin summary, e.g. <c>AS65001i</c> (null when not shown).</summary>
    public string? OriginSummary { get; init; }

    public IReadOnlyList<BirdNextHop> NextHops { get; init; } = [];

    /// <summary>Attribute lines by name, e.g. <c>BGP.as_path</c> → <c>65001</c>; <c>Type</c> → <c>BGP univ</c>.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The gateway of the first next hop (null for a device route).</summary>
    public IPAddress? Gateway => NextHops.Count > 0 ? NextHops[0].Gateway : null;

    /// <summary><c>BGP.as_path</c> as numbers (AS_SET members included, in order).</summary>
    public IReadOnlyList<uint> AsPath =>
        Attributes.TryGetValue("BGP.as_path", out string? path)
            ? NumberPattern().Matches(path).Select(m => uint.Parse(m.Value, CultureInfo.InvariantCulture)).ToList()
            : [];

    /// <summary><c>BGP.next_hop</c>: one address, or a global and a link-local one for IPv6.</summary>
    public IReadOnlyList<IPAddress> BgpNextHop =>
        Attributes.TryGetValue("BGP.next_hop", out string? nextHop)
            ? nextHop.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToList()
            : [];

    /// <summary><c>BGP.origin</c>: <c>IGP</c>, <c>EGP</c> or <c>Incomplete</c> (null when absent).</summary>
    public string? Origin => Attributes.GetValueOrDefault("BGP.origin");

    /// <summary><c>BGP.community</c>, e.g. <c>(65001,100) (65001,200)</c>.</summary>
    public IReadOnlyList<BgpCommunity> Communities =>
        Attributes.TryGetValue("BGP.community", out string? text)
            ? TuplePattern().Matches(text).Select(m => BgpCommunity.Parse(m.Value)).ToList()
            : [];

    /// <summary><c>BGP.large_community</c>, e.g. <c>(65001, 1, 2)</c>.</summary>
    public IReadOnlyList<BgpLargeCommunity> LargeCommunities =>
        Attributes.TryGetValue("BGP.large_community", out string? text)
            ? TuplePattern().Matches(text).Select(m => BgpLargeCommunity.Parse(m.Value)).ToList()
            : [];

    public override string ToString()
    {
        string hops = NextHops.Count == 0 ? "" : " " + string.Join(", ", NextHops);
        string path = Attributes.ContainsKey("BGP.as_path") ? $" as_path [{string.Join(' ', AsPath)}]" : "";
        return $"{Prefix} {Type} from {Protocol}{(IsPrimary ? " *" : "")}{hops}{path}";
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex TuplePattern();
}
