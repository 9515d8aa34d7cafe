using System.Collections.Frozen;
using System.Net.Sockets;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>One immutable snapshot of the prefixes the speaker wants announced, split by family.</summary>
internal sealed class BgpRouteSet
{
    public static readonly BgpRouteSet Empty = new([], 0);

    private readonly FrozenSet<IpPrefix> _ipv4;
    private readonly FrozenSet<IpPrefix> _ipv6;

    public BgpRouteSet(IEnumerable<IpPrefix> prefixes, long version, bool isComplete = true)
    {
        IpPrefix[] all = prefixes.ToArray();
        _ipv4 = all.Where(p => p.Family == AddressFamily.InterNetwork).ToFrozenSet();
        _ipv6 = all.Where(p => p.Family == AddressFamily.InterNetworkV6).ToFrozenSet();
        Version = version;
        IsComplete = isComplete;
    }

    /// <summary>Grows by one with every published change, so a session can tell whether it has seen this set.</summary>
    public long Version { get; }

    /// <summary>
    /// False until the kernel's Gate64 routes have been reported once (a netlink dump that may finish after
    /// the sessions are up). End-of-RIB waits for a complete set: after a graceful restart the routers purge
    /// every stale route that was not announced again before it (RFC 4724 §4.2).
    /// </summary>
    public bool IsComplete { get; }

    public int Count => _ipv4.Count + _ipv6.Count;

    public IReadOnlySet<IpPrefix> For(BgpAddressFamily family) =>
        family == BgpAddressFamily.Ipv4Unicast ? _ipv4
        : family == BgpAddressFamily.Ipv6Unicast ? _ipv6
        : FrozenSet<IpPrefix>.Empty;

    /// <summary>True when both sets hold the same prefixes (versions aside).</summary>
    public bool SameRoutes(BgpRouteSet other) => _ipv4.SetEquals(other._ipv4) && _ipv6.SetEquals(other._ipv6);
}
