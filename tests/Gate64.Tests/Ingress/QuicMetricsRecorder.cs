using System.Diagnostics.Metrics;
using Gate64.Ingress.Quic;

namespace Gate64.Tests.Ingress;

/// <summary>Sums the QUIC ingress instruments of one meter factory by instrument and reason tag.</summary>
internal sealed class QuicMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Instrument, string? Reason), long> _sums = [];

    public QuicMetricsRecorder(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == QuicIngressMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key is "reason" or "direction")
                {
                    reason = tag.Value as string;
                }
            }

            lock (_sums)
            {
                _sums[(instrument.Name, reason)] = _sums.GetValueOrDefault((instrument.Name, reason)) + value;
            }
        });
        _listener.Start();
    }

    public long Sum(string instrument, string? reason = null)
    {
        lock (_sums)
        {
            return _sums.GetValueOrDefault((instrument, reason));
        }
    }

    public long Dropped(string reason) => Sum("gate64.ingress.quic.datagrams.dropped", reason);

    public long Refused(string reason) => Sum("gate64.ingress.quic.flows.refused", reason);

    public void Dispose() => _listener.Dispose();
}
