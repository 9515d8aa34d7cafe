namespace Gate64.Nat64.Fragments;

/// <summary>What to do with a fragment, according to <see cref="Nat64FragmentTable"/>.</summary>
internal enum Nat64FragmentVerdict
{
    /// <summary>Translate it now with the mapping its first fragment got.</summary>
    Translate,

    /// <summary>Kept until what it waits for arrives (its first fragment, or for a first echo fragment the last one).</summary>
    Held,

    /// <summary>Dropped: its datagram already holds the most fragments allowed, or the hold memory is full.</summary>
    Overflow,

    /// <summary>Dropped: the first fragment of its datagram was refused (by the state table or the translator).</summary>
    Refused,
}
