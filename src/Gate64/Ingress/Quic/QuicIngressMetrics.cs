using System.Diagnostics.Metrics;

namespace Gate64.Ingress.Quic;

/// <summary>What the QUIC ingress did, for the host's metrics endpoint (the TCP ingress has <see cref="IngressMetrics"/>).</summary>
internal sealed class QuicIngressMetrics
{
    public const string MeterName = "Gate64.Ingress.Quic";

    private readonly Counter<long> _relayed;
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _bytes;

    public QuicIngressMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _relayed = meter.CreateCounter<long>("gate64.ingress.quic.flows.relayed", description: "QUIC flows routed by SNI and relayed to a backend.");
        _refused = meter.CreateCounter<long>("gate64.ingress.quic.flows.refused", description: "QUIC flows refused, by reason (the TCP ingress's reasons).");
        _active = meter.CreateUpDownCounter<long>("gate64.ingress.quic.flows.active", description: "QUIC flows tracked now: being routed, relayed, or held after a refusal.");
        _dropped = meter.CreateCounter<long>("gate64.ingress.quic.datagrams.dropped", description: "Datagrams not relayed, by reason.");
        _bytes = meter.CreateCounter<long>("gate64.ingress.quic.bytes", unit: "By", description: "Datagram bytes relayed, by direction, counted when a flow ends.");
    }

    public void Opened() => _active.Add(1);

    public void Closed() => _active.Add(-1);

    public void Relayed() => _relayed.Add(1);

    public void Refused(IngressRefusal refusal) => _refused.Add(1, new KeyValuePair<string, object?>("reason", RefusalResponse.Slug(refusal)));

    public void Dropped(QuicDropReason reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", Slug(reason)));

    public void Bytes(long up, long down)
    {
        _bytes.Add(up, new KeyValuePair<string, object?>("direction", "up"));
        _bytes.Add(down, new KeyValuePair<string, object?>("direction", "down"));
    }

    public static string Slug(QuicDropReason reason) => reason switch
    {
        QuicDropReason.NotQuic => "not_quic",
        QuicDropReason.UnsupportedVersion => "unsupported_version",
        QuicDropReason.NotInitial => "not_initial",
        QuicDropReason.ShortInitial => "short_initial",
        QuicDropReason.Unauthenticated => "unauthenticated",
        QuicDropReason.Foreign => "foreign",
        QuicDropReason.FlowLimit => "flow_limit",
        QuicDropReason.BufferLimit => "buffer_limit",
        QuicDropReason.RefusedFlow => "refused_flow",
        QuicDropReason.Oversize => "oversize",
        QuicDropReason.SendFailed => "send_failed",
        QuicDropReason.Error => "error",
        _ => "other",
    };
}
