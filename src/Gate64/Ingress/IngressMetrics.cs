using System.Diagnostics.Metrics;

namespace Gate64.Ingress;

/// <summary>What the ingress did, for the host's metrics endpoint.</summary>
internal sealed class IngressMetrics
{
    public const string MeterName = "Gate64.Ingress";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _spliced;
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _bytes;

    public IngressMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("gate64.ingress.connections.accepted", description: "Client connections accepted, by protocol once known.");
        _spliced = meter.CreateCounter<long>("gate64.ingress.connections.spliced", description: "Client connections spliced to a backend, by protocol.");
        _refused = meter.CreateCounter<long>("gate64.ingress.connections.refused", description: "Client connections refused, by reason.");
        _active = meter.CreateUpDownCounter<long>("gate64.ingress.connections.active", description: "Client connections open now.");
        _bytes = meter.CreateCounter<long>("gate64.ingress.bytes", unit: "By", description: "Bytes spliced, by direction.");
    }

    public void Accepted() => _accepted.Add(1);

    public void Opened() => _active.Add(1);

    public void Closed() => _active.Add(-1);

    public void Spliced(IngressProtocol protocol) => _spliced.Add(1, new KeyValuePair<string, object?>("protocol", protocol == IngressProtocol.Tls ? "tls" : "http"));

    public void Refused(IngressRefusal refusal) => _refused.Add(1, new KeyValuePair<string, object?>("reason", RefusalResponse.Slug(refusal)));

    public void Bytes(long up, long down)
    {
        _bytes.Add(up, new KeyValuePair<string, object?>("direction", "up"));
        _bytes.Add(down, new KeyValuePair<string, object?>("direction", "down"));
    }
}
