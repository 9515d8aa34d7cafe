using Gate64.Protocols.Nat64;

namespace Gate64.Nat64.Fragments;

/// <summary>
/// What <see cref="Nat64FragmentTable"/> knows of one fragmented datagram: the translation its first fragment got,
/// how long the datagram is (once its last fragment is seen), how many of its bytes went by, and the fragments held
/// for it in the store. Instances are allocated once with the table and reused.
/// </summary>
internal sealed class Nat64FragmentDatagram
{
    public const int NoSlot = -1;

    public Nat64FragmentKey Key { get; set; }

    /// <summary>When it is dropped (a <see cref="TimeProvider"/> timestamp), counted from its first fragment to arrive.</summary>
    public long ExpiresAt { get; set; }

    /// <summary>True once its first fragment was translated (or held, for an echo) with <see cref="Mapping"/>.</summary>
    public bool HasMapping { get; set; }

    /// <summary>True once its first fragment was refused: later fragments are dropped at once.</summary>
    public bool IsRefused { get; set; }

    public Nat64Mapping Mapping { get; set; }

    /// <summary>The length of the fragmentable part (offset of the last fragment plus its data), or -1 until it arrives.</summary>
    public int Total { get; set; }

    /// <summary>Fragment data bytes seen so far: once it reaches <see cref="Total"/> and nothing waits, the datagram is done.</summary>
    public int Seen { get; set; }

    /// <summary>A held first fragment (an echo waiting for <see cref="Total"/>), or <see cref="NoSlot"/>.</summary>
    public int FirstSlot { get; set; }

    /// <summary>The oldest held later fragment, or <see cref="NoSlot"/>; the rest follow through the store's links.</summary>
    public int HeldHead { get; set; }

    public int HeldTail { get; set; }

    /// <summary>Fragments held, the first one included.</summary>
    public int HeldCount { get; set; }

    /// <summary>Where it sits in the table's free list while unused.</summary>
    public int NextFree { get; set; }

    public bool InUse { get; set; }

    /// <summary>Forgets everything (the held fragments must be freed first).</summary>
    public void Reset(Nat64FragmentKey key, long expiresAt)
    {
        Key = key;
        ExpiresAt = expiresAt;
        HasMapping = false;
        IsRefused = false;
        Mapping = default;
        Total = -1;
        Seen = 0;
        FirstSlot = NoSlot;
        HeldHead = NoSlot;
        HeldTail = NoSlot;
        HeldCount = 0;
        InUse = true;
    }
}
