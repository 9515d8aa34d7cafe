using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>
/// The speaker's metrics (meter <c>Gate64.Bgp</c>): sessions established, UPDATE messages sent,
/// NOTIFICATIONs by direction and code, the routes wanted, and per neighbor whether its session is
/// up and how many prefixes it carries per family; per service prefix whether its health lets it be
/// announced. The per-neighbor state is also what the <c>bgp</c> health check reads.
/// </summary>
internal sealed class BgpMetrics
{
    public const string MeterName = "Gate64.Bgp";

    private readonly Counter<long> _updatesSent;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _sessionsEstablished;
    private readonly ConcurrentDictionary<string, BgpNeighborStatus> _neighbors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<HealthGatedPrefix, bool> _servicePrefixes = new();
    private int _established;
    private int _desiredRoutes;

    public BgpMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _updatesSent = meter.CreateCounter<long>("gate64.bgp.updates_sent", description: "UPDATE messages sent, End-of-RIB markers included.");
        _notifications = meter.CreateCounter<long>("gate64.bgp.notifications", description: "NOTIFICATION messages, by direction (sent, received) and error code.");
        _sessionsEstablished = meter.CreateCounter<long>("gate64.bgp.sessions_established", description: "Times a session reached Established, by neighbor.");
        meter.CreateObservableGauge("gate64.bgp.sessions_up", () => Volatile.Read(ref _established), description: "Sessions in Established now.");
        meter.CreateObservableGauge("gate64.bgp.routes_desired", () => Volatile.Read(ref _desiredRoutes), description: "Prefixes the speaker wants announced (configured, kernel-owned and healthy service prefixes).");
        meter.CreateObservableGauge("gate64.bgp.neighbor.up", ObserveSessions, description: "1 while the session with the neighbor is Established, else 0.");
        meter.CreateObservableGauge("gate64.bgp.prefixes.announced", ObserveAnnounced, description: "Prefixes announced to the neighbor now, by family.");
        meter.CreateObservableGauge("gate64.bgp.service_prefix.announced", ObserveServicePrefixes, description: "1 while the service prefix is announced (its service is healthy), else 0.");
    }

    /// <summary>Sessions in Established now.</summary>
    public int SessionsEstablished => Volatile.Read(ref _established);

    public void UpdatesSent(string neighbor, long count) => _updatesSent.Add(count, new KeyValuePair<string, object?>("neighbor", neighbor));

    public void Notification(string neighbor, string direction, byte code) =>
        _notifications.Add(1, new("neighbor", neighbor), new("direction", direction), new("code", code));

    /// <summary>Makes a neighbor known before its first session, so its gauges read 0 rather than nothing.</summary>
    public void Neighbor(string neighbor) => Status(neighbor);

    public void SessionUp(string neighbor)
    {
        _sessionsEstablished.Add(1, new KeyValuePair<string, object?>("neighbor", neighbor));
        if (Status(neighbor).SetUp(true))
        {
            Interlocked.Increment(ref _established);
        }
    }

    public void SessionDown(string neighbor)
    {
        BgpNeighborStatus status = Status(neighbor);
        status.Announced.Clear();
        if (status.SetUp(false))
        {
            Interlocked.Decrement(ref _established);
        }
    }

    /// <summary>The neighbor's Adj-RIB-Out now holds <paramref name="count"/> prefixes of <paramref name="family"/>.</summary>
    public void Announced(string neighbor, BgpAddressFamily family, int count) => Status(neighbor).Announced[family] = count;

    public void DesiredRoutes(int count) => Volatile.Write(ref _desiredRoutes, count);

    /// <summary>Whether a health-gated service prefix is announced now.</summary>
    public void ServicePrefix(HealthGatedPrefix prefix, bool announced) => _servicePrefixes[prefix] = announced;

    private BgpNeighborStatus Status(string neighbor) => _neighbors.GetOrAdd(neighbor, static _ => new BgpNeighborStatus());

    private IEnumerable<Measurement<int>> ObserveSessions() =>
        _neighbors.Select(pair => new Measurement<int>(pair.Value.IsUp ? 1 : 0, new KeyValuePair<string, object?>("neighbor", pair.Key)));

    private IEnumerable<Measurement<int>> ObserveAnnounced() =>
        _neighbors.SelectMany(neighbor => neighbor.Value.Announced.Select(family => new Measurement<int>(
            family.Value, new KeyValuePair<string, object?>("neighbor", neighbor.Key), new KeyValuePair<string, object?>("family", family.Key.ToString()))));

    private IEnumerable<Measurement<int>> ObserveServicePrefixes() =>
        _servicePrefixes.Select(pair => new Measurement<int>(pair.Value ? 1 : 0,
            new KeyValuePair<string, object?>("prefix", pair.Key.Prefix.ToString()), new KeyValuePair<string, object?>("service", pair.Key.Service)));
}
