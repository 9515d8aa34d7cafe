using System.Diagnostics.Metrics;

namespace Gate64.Bgp;

/// <summary>
/// The speaker's metrics (meter <c>Gate64.Bgp</c>): sessions established, UPDATE messages sent,
/// NOTIFICATIONs by direction and code, and the routes wanted.
/// </summary>
internal sealed class BgpMetrics
{
    public const string MeterName = "Gate64.Bgp";

    private readonly Counter<long> _updatesSent;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _sessionsEstablished;
    private int _established;
    private int _desiredRoutes;

    public BgpMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _updatesSent = meter.CreateCounter<long>("gate64.bgp.updates_sent", description: "UPDATE messages sent, End-of-RIB markers included.");
        _notifications = meter.CreateCounter<long>("gate64.bgp.notifications", description: "NOTIFICATION messages, by direction (sent, received) and error code.");
        _sessionsEstablished = meter.CreateCounter<long>("gate64.bgp.sessions_established", description: "Times a session reached Established.");
        meter.CreateObservableGauge("gate64.bgp.sessions_up", () => Volatile.Read(ref _established), description: "Sessions in Established now.");
        meter.CreateObservableGauge("gate64.bgp.routes_desired", () => Volatile.Read(ref _desiredRoutes), description: "Prefixes the speaker wants announced (configured and kernel-owned).");
    }

    public void UpdatesSent(string neighbor, long count) => _updatesSent.Add(count, new KeyValuePair<string, object?>("neighbor", neighbor));

    public void Notification(string neighbor, string direction, byte code) =>
        _notifications.Add(1, new("neighbor", neighbor), new("direction", direction), new("code", code));

    public void SessionUp()
    {
        _sessionsEstablished.Add(1);
        Interlocked.Increment(ref _established);
    }

    public void SessionDown() => Interlocked.Decrement(ref _established);

    public void DesiredRoutes(int count) => Volatile.Write(ref _desiredRoutes, count);
}
