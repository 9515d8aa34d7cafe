using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>
/// What every session should announce: the configured prefixes, the kernel's Gate64 routes and the
/// service prefixes whose health allows it, published as immutable <see cref="BgpRouteSet"/>
/// snapshots. Sessions read the latest one and wait for the next; a burst of changes they miss
/// collapses into one diff, so a slow peer never queues work. A configuration reload replaces the
/// configured prefixes and the routes' attributes (communities) the same way.
/// </summary>
internal sealed class DesiredRoutes
{
    private readonly Lock _gate = new();
    private IpPrefix[] _configured;
    private BgpRouteAttributes? _attributes;
    private IpPrefix[] _owned = [];
    private IpPrefix[] _healthy = [];
    private bool _ownedKnown;
    private bool _servicesKnown;
    private BgpRouteSet _current;
    private TaskCompletionSource _changed = NewSignal();

    /// <param name="configured">The prefixes announced for as long as the speaker runs.</param>
    /// <param name="followsOwnedRoutes">True when <see cref="SetOwnedRoutes"/> will be called: the set is incomplete until then.</param>
    /// <param name="gatesServicePrefixes">True when <see cref="SetServicePrefixes"/> will be called after the first health round: likewise.</param>
    public DesiredRoutes(IReadOnlyList<IpPrefix> configured, bool followsOwnedRoutes = false, bool gatesServicePrefixes = false)
    {
        _configured = [.. configured];
        _ownedKnown = !followsOwnedRoutes;
        _servicesKnown = !gatesServicePrefixes;
        _current = new BgpRouteSet(configured, 1, _ownedKnown && _servicesKnown);
    }

    public BgpRouteSet Current => Volatile.Read(ref _current);

    /// <summary>The attributes of every route since a reload changed them; null before: each session keeps those it started with.</summary>
    public BgpRouteAttributes? Attributes => Volatile.Read(ref _attributes);

    /// <summary>Replaces the configured prefixes (a reload); publishes a new snapshot when the union changed.</summary>
    public void SetConfigured(IEnumerable<IpPrefix> configured)
    {
        bool alwaysKnown = true;
        Publish(ref _configured, configured, ref alwaysKnown);
    }

    /// <summary>
    /// Replaces the attributes of every route (a reload changed the communities). The prefixes stay,
    /// but a new snapshot is published all the same so that every session announces them again.
    /// </summary>
    public void SetAttributes(BgpRouteAttributes attributes)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            Volatile.Write(ref _attributes, attributes);
            Volatile.Write(ref _current, new BgpRouteSet(Union(), _current.Version + 1, _current.IsComplete));
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>Replaces the kernel-owned part; publishes a new snapshot when the union changed, and always the first time (it completes the set).</summary>
    public void SetOwnedRoutes(IEnumerable<IpPrefix> owned) => Publish(ref _owned, owned, ref _ownedKnown);

    /// <summary>Replaces the health-gated part (the service prefixes whose services are healthy now); publishes on a change, and always the first time.</summary>
    public void SetServicePrefixes(IEnumerable<IpPrefix> healthy) => Publish(ref _healthy, healthy, ref _servicesKnown);

    private void Publish(ref IpPrefix[] part, IEnumerable<IpPrefix> value, ref bool partKnown)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            part = [.. value];
            partKnown = true;
            BgpRouteSet next = new(Union(), _current.Version + 1, _ownedKnown && _servicesKnown);
            // The first kernel set and the first health round complete the table even when they add
            // nothing: sessions then send End-of-RIB, and a router that kept our routes through a
            // graceful restart does not purge a healthy service prefix a moment before we announce it.
            if (next.SameRoutes(_current) && next.IsComplete == _current.IsComplete)
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

    private IEnumerable<IpPrefix> Union() => _configured.Concat(_owned).Concat(_healthy).Distinct();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
