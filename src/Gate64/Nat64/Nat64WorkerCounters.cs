using Gate64.Protocols.Nat64;

namespace Gate64.Nat64;

/// <summary>
/// One worker's counters: plain increments by the worker's thread alone (no atomics on the hot path), summed by
/// <see cref="Nat64Metrics"/> when the metrics are collected.
/// </summary>
internal sealed class Nat64WorkerCounters
{
    /// <summary>Packets translated by direction, as they leave: a GSO super-packet counts its segments.</summary>
    public long[] Translated { get; } = new long[Enum.GetValues<Nat64Direction>().Length];

    /// <summary>GSO super-packets translated by direction (TUN offloads).</summary>
    public long[] SuperPackets { get; } = new long[Enum.GetValues<Nat64Direction>().Length];

    /// <summary>Writes that carried several translated UDP datagrams joined into one super-packet, by direction.</summary>
    public long[] Coalesced { get; } = new long[Enum.GetValues<Nat64Direction>().Length];

    public long[] Dropped { get; } = new long[Enum.GetValues<Nat64DropReason>().Length];

    public long[] TranslatorDropped { get; } = new long[Enum.GetValues<TranslationDropReason>().Length];

    /// <summary>Fragments translated (each one as it arrived; the pieces of a fragment split again are not counted apart).</summary>
    public long FragmentsTranslated { get; set; }

    /// <summary>Fragments that had to wait for another fragment of their datagram.</summary>
    public long FragmentsHeld { get; set; }

    /// <summary>ICMP errors the translator built and sent itself.</summary>
    public long IcmpErrorsSent { get; set; }

    /// <summary>ICMP errors not sent because of the rate limit.</summary>
    public long IcmpErrorsRateLimited { get; set; }
}
