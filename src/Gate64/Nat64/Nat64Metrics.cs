using System.Diagnostics.Metrics;
using Gate64.Nat64.Fragments;
using Gate64.Nat64.State;
using Gate64.Protocols.Nat64;

namespace Gate64.Nat64;

/// <summary>
/// The NAT64's metrics (meter <c>Gate64.Nat64</c>): packets translated by direction (and GSO super-packets), fragments, drops by reason, ICMP errors
/// sent, the binding and session counts, and pool ports used and available per protocol. The workers count into their own <see cref="Nat64WorkerCounters"/>;
/// the instruments are observable and sum those when a listener collects.
/// </summary>
internal sealed class Nat64Metrics
{
    public const string MeterName = "Gate64.Nat64";

    private static readonly string[] s_directions = ["6to4", "4to6", "hairpin"];
    private static readonly (Nat64Protocol Protocol, string Name)[] s_protocols = [(Nat64Protocol.Tcp, "tcp"), (Nat64Protocol.Udp, "udp"), (Nat64Protocol.Icmp, "icmp")];
    private static readonly string[] s_dropReasons = Enum.GetNames<Nat64DropReason>().Select(ToSnakeCase).ToArray();
    private static readonly string[] s_translatorReasons = Enum.GetNames<TranslationDropReason>().Select(name => "translator_" + ToSnakeCase(name)).ToArray();

    private readonly Lock _gate = new();
    private readonly List<Nat64WorkerCounters> _workers = [];
    private Nat64StateTable? _state;
    private Nat64FragmentTable? _fragments;

    public Nat64Metrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("gate64.nat64.packets", ObserveTranslated, description: "Packets translated, by direction (6to4, 4to6, hairpin); a GSO super-packet counts the segments it leaves as.");
        meter.CreateObservableCounter("gate64.nat64.offload", ObserveSuperPackets, description: "GSO super-packets (TUN offloads) translated in one pass, by direction.");
        meter.CreateObservableCounter("gate64.nat64.coalesced", ObserveCoalesced, description: "Writes to the TUN that carried several translated UDP datagrams of one flow as one super-packet, by direction.");
        meter.CreateObservableCounter("gate64.nat64.fragments", ObserveFragments, description: "Fragments translated with the mapping of their datagram's first fragment (result=translated), and those that had to wait for another fragment first (result=held).");
        meter.CreateObservableCounter("gate64.nat64.dropped", ObserveDropped, description: "Packets dropped, by reason.");
        meter.CreateObservableCounter("gate64.nat64.icmp_errors", ObserveIcmpErrors, description: "ICMP errors the translator sent itself, and those suppressed by the rate limit (result=limited).");
        meter.CreateObservableGauge("gate64.nat64.bindings", () => _state?.BindingCount ?? 0, description: "BIB entries (pool address and port held by a client).");
        meter.CreateObservableGauge("gate64.nat64.sessions", () => _state?.SessionCount ?? 0, description: "Sessions.");
        meter.CreateObservableGauge("gate64.nat64.pool.ports.used", ObservePortsUsed, description: "Pool ports (ICMP: echo identifiers) bound now, by protocol.");
        meter.CreateObservableGauge("gate64.nat64.pool.ports.capacity", ObservePortCapacity, description: "Pool ports (ICMP: echo identifiers) there are in all, by protocol: pool addresses times the port range.");
    }

    public Nat64WorkerCounters AddWorker()
    {
        Nat64WorkerCounters counters = new();
        lock (_gate)
        {
            _workers.Add(counters);
        }
        return counters;
    }

    public void Observe(Nat64StateTable state) => _state = state;

    /// <summary>Adds the fragment table's own drops (timeouts in its sweep, evictions) to the drop counts.</summary>
    public void Observe(Nat64FragmentTable fragments) => _fragments = fragments;

    /// <summary>The sum over every worker of one counter, for tests and logs.</summary>
    public long Sum(Func<Nat64WorkerCounters, long> select)
    {
        lock (_gate)
        {
            return _workers.Sum(select);
        }
    }

    /// <summary>Every kind of drop summed, the fragment table's included, for logs.</summary>
    public long TotalDropped() =>
        Sum(counters => counters.Dropped.Sum() + counters.TranslatorDropped.Sum()) + (_fragments is { } f ? f.TimedOut + f.Evicted : 0);

    private IEnumerable<Measurement<long>> ObservePortsUsed() =>
        _state is { } state ? s_protocols.Select(p => new Measurement<long>(state.BindingCountOf(p.Protocol), new KeyValuePair<string, object?>("protocol", p.Name))) : [];

    private IEnumerable<Measurement<long>> ObservePortCapacity() =>
        _state is { } state ? s_protocols.Select(p => new Measurement<long>(state.PortCapacityOf(p.Protocol), new KeyValuePair<string, object?>("protocol", p.Name))) : [];

    private IEnumerable<Measurement<long>> ObserveTranslated() =>
        Observe(s_directions, counters => counters.Translated, "direction");

    private IEnumerable<Measurement<long>> ObserveSuperPackets() =>
        Observe(s_directions, counters => counters.SuperPackets, "direction");

    private IEnumerable<Measurement<long>> ObserveCoalesced() =>
        Observe(s_directions, counters => counters.Coalesced, "direction");

    private IEnumerable<Measurement<long>> ObserveFragments()
    {
        long translated = Sum(counters => counters.FragmentsTranslated);
        long held = Sum(counters => counters.FragmentsHeld);
        return
        [
            new Measurement<long>(translated, new KeyValuePair<string, object?>("result", "translated")),
            new Measurement<long>(held, new KeyValuePair<string, object?>("result", "held")),
        ];
    }

    private IEnumerable<Measurement<long>> ObserveDropped()
    {
        long[] totals = Totals(s_dropReasons.Length, counters => counters.Dropped);
        if (_fragments is { } fragments)
        {
            totals[(int)Nat64DropReason.FragmentTimeout] += fragments.TimedOut;
            totals[(int)Nat64DropReason.FragmentOverflow] += fragments.Evicted;
        }
        return ToMeasurements(s_dropReasons, totals, "reason")
            .Concat(Observe(s_translatorReasons, counters => counters.TranslatorDropped, "reason"))
            .Where(measurement => measurement.Value != 0);
    }

    private IEnumerable<Measurement<long>> ObserveIcmpErrors()
    {
        long sent = Sum(counters => counters.IcmpErrorsSent);
        long limited = Sum(counters => counters.IcmpErrorsRateLimited);
        return
        [
            new Measurement<long>(sent, new KeyValuePair<string, object?>("result", "sent")),
            new Measurement<long>(limited, new KeyValuePair<string, object?>("result", "limited")),
        ];
    }

    private List<Measurement<long>> Observe(string[] names, Func<Nat64WorkerCounters, long[]> select, string tag) =>
        ToMeasurements(names, Totals(names.Length, select), tag);

    private long[] Totals(int length, Func<Nat64WorkerCounters, long[]> select)
    {
        long[] totals = new long[length];
        lock (_gate)
        {
            foreach (Nat64WorkerCounters worker in _workers)
            {
                long[] values = select(worker);
                for (int i = 0; i < totals.Length; i++)
                {
                    totals[i] += Volatile.Read(ref values[i]);
                }
            }
        }
        return totals;
    }

    private static List<Measurement<long>> ToMeasurements(string[] names, long[] totals, string tag)
    {
        List<Measurement<long>> measurements = new(names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            measurements.Add(new Measurement<long>(totals[i], new KeyValuePair<string, object?>(tag, names[i])));
        }
        return measurements;
    }

    private static string ToSnakeCase(string name)
    {
        System.Text.StringBuilder builder = new(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
