namespace Gate64.Nat64;

/// <summary>Which way a packet was translated, for counters.</summary>
internal enum Nat64Direction
{
    SixToFour,
    FourToSix,

    /// <summary>IPv6 to an IPv6 client behind a pool address (6→4→6).</summary>
    Hairpin,
}
