using System.Collections.Concurrent;
using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>What one neighbor's session reports for the metrics and the health check: up or not, and prefixes announced per family.</summary>
internal sealed class BgpNeighborStatus
{
    private int _up;

    public bool IsUp => Volatile.Read(ref _up) != 0;

    /// <summary>Prefixes in the peer's Adj-RIB-Out, by family (<c>ipv4-unicast</c>, …); empty while the session is down.</summary>
    public ConcurrentDictionary<BgpAddressFamily, int> Announced { get; } = new();

    /// <summary>Marks the session up (true) or down; returns whether that changed anything.</summary>
    public bool SetUp(bool up) => Interlocked.Exchange(ref _up, up ? 1 : 0) != (up ? 1 : 0);
}
