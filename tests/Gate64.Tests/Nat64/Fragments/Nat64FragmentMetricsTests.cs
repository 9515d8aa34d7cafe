using System.Diagnostics.Metrics;
using Gate64.Nat64;
using Gate64.Nat64.Fragments;
using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Nat64.Fragments;

/// <summary>gate64.nat64.fragments and the fragment drop reasons, read through a MeterListener on a meter of their own.</summary>
public sealed class Nat64FragmentMetricsTests
{
    [Fact]
    public void FragmentsTranslatedHeldAndDroppedByReason_AreMeasured()
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory factory = services.GetRequiredService<IMeterFactory>();
        FakeTimeProvider time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Nat64StateTable state = new(new Nat64StateOptions { Pool4 = IpPrefix.Parse("203.0.113.0/30"), Allow = [IpPrefix.Parse("2001:db8:1::/64")] }, time);
        Nat64Metrics metrics = new(factory);
        Nat64Datapath path = new(Nat64Prefix.Parse("2001:db8:64::/96"), state, new Translator(), metrics, icmpErrorsPerSecond: 100);
        InMemoryTunQueue tun = new();
        Nat64Worker worker = new(path, tun);
        List<byte[]> fragments = FragmentPackets.Fragment6(
            Nat64WorkerHarness.Udp6(Nat64WorkerHarness.Client, Nat64WorkerHarness.ServerVia64, 5000, 53, data: Nat64TestPackets.Data(3000)), 1448, 1);
        worker.Process(fragments[2]);
        worker.Process(fragments[0]);
        worker.Process(fragments[1]);
        List<byte[]> lonely = FragmentPackets.Fragment6(
            Nat64WorkerHarness.Udp6(Nat64WorkerHarness.Client, Nat64WorkerHarness.ServerVia64, 5000, 53, data: Nat64TestPackets.Data(3000)), 1448, 2);
        worker.Process(lonely[1]);
        time.Advance(Nat64FragmentTable.DefaultTimeout);
        path.Fragments.Sweep();

        Dictionary<string, long> seen = [];
        Meter meter = factory.Create(Nat64Metrics.MeterName);
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name is "gate64.nat64.fragments" or "gate64.nat64.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string tag = tags.Length > 0 ? $"{tags[0].Value}" : "";
            seen[$"{instrument.Name}/{tag}"] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(3, seen["gate64.nat64.fragments/translated"]);
        Assert.Equal(2, seen["gate64.nat64.fragments/held"]);
        Assert.Equal(1, seen["gate64.nat64.dropped/fragment_timeout"]);
        Assert.False(seen.ContainsKey("gate64.nat64.dropped/fragment_overflow"));   // zero counts are left out
    }
}
