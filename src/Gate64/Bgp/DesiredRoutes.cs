using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>
/// What every session should announce: the configured prefixes, the kernel's Gate64 routes and the
/// service prefixes whose health allows it, published as immutable <see cref="BgpRouteSet"/>
/// snapshots. Sessions read the latest one and wait for the next; a burst of changes they miss
/// collapses into one diff, so a slow peer never queues work.
/// </summary>
internal sealed class DesiredRoutes
{
    private readonly IReadOnlyList<IpPrefix> _configured;
    private readonly Lock _gate = new();
    private IpPrefix[] _owned = [];
    private IpPrefix[] _healthy = [];
    private BgpRouteSet _current;
    private TaskCompletionSource _changed = NewSignal();

    public DesiredRoutes(IReadOnlyList<IpPrefix> configured)
    {
        _configured = configured;
        _current = new BgpRouteSet(configured, 1);
    }

    public BgpRouteSet Current => Volatile.Read(ref _current);

    /// <summary>Replaces the kernel-owned part; publishes a new snapshot only when the union changed.</summary>
    public void SetOwnedRoutes(IEnumerable<IpPrefix> owned) => Publish(ref _owned, owned);

    /// <summary>Replaces the health-gated part (the service prefixes whose services are healthy now); publishes only on a change.</summary>
    public void SetServicePrefixes(IEnumerable<IpPrefix> healthy) => Publish(ref _healthy, healthy);

    private void Publish(ref IpPrefix[] part, IEnumerable<IpPrefix> value)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            part = [.. value];
            BgpRouteSet next = new(_configured.Concat(_owned).Concat(_healthy).Distinct(), _current.Version + 1);
            if (next.SameRoutes(_current))
            {
                return;
            }
            Volatile.Write(ref _current, next);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>Completes once a snapshot newer than <paramref name="seen"/> is published.</summary>
    public async Task<BgpRouteSet> WaitForNewerAsync(BgpRouteSet seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_current.Version > seen.Version)
                {
                    return _current;
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
