using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// The host routes Gate64 owns (see <see cref="OwnedRoutes"/>), followed as they come and go: what the BGP speaker
/// announces.
/// </summary>
public interface IOwnedRouteSource
{
    /// <summary>
    /// Yields the full current set of owned unicast routes of the main table first, then a new full set after each
    /// change. Bursts of changes are coalesced (at most one set every ~150 ms) and a change is reported within a
    /// second. The enumeration ends when <paramref name="cancellationToken"/> is cancelled; it throws when the
    /// kernel cannot be watched (for instance when the named network namespace does not exist).
    /// </summary>
    public IAsyncEnumerable<IReadOnlySet<IpPrefix>> WatchAsync(CancellationToken cancellationToken);
}
