namespace Gate64.Nat64.Fragments;

/// <summary>
/// What names one fragmented datagram as it arrives, the way its receiver would reassemble it: IPv6 by (source,
/// destination, 32-bit Identification) (RFC 8200 §4.5), IPv4 by (source, destination, protocol, 16-bit
/// Identification) (RFC 791). Addresses are big-endian values, an IPv4 address in the low 32 bits.
/// </summary>
internal readonly struct Nat64FragmentKey : IEquatable<Nat64FragmentKey>
{
    private Nat64FragmentKey(UInt128 source, UInt128 destination, uint identification, byte protocol, bool isIpv6)
    {
        Source = source;
        Destination = destination;
        Identification = identification;
        Protocol = protocol;
        IsIpv6 = isIpv6;
    }

    public UInt128 Source { get; }

    public UInt128 Destination { get; }

    public uint Identification { get; }

    /// <summary>The IPv4 protocol; 0 for IPv6, whose reassembly does not key on it.</summary>
    public byte Protocol { get; }

    public bool IsIpv6 { get; }

    public static Nat64FragmentKey Ipv6(UInt128 source, UInt128 destination, uint identification) =>
        new(source, destination, identification, 0, isIpv6: true);

    public static Nat64FragmentKey Ipv4(uint source, uint destination, byte protocol, ushort identification) =>
        new(source, destination, identification, protocol, isIpv6: false);

    public bool Equals(Nat64FragmentKey other) => Identification == other.Identification && Source == other.Source
        && Destination == other.Destination && Protocol == other.Protocol && IsIpv6 == other.IsIpv6;

    public override bool Equals(object? obj) => obj is Nat64FragmentKey other && Equals(other);

    // HashCode is seeded per process: remote parties cannot aim collisions at a bucket.
    public override int GetHashCode() => HashCode.Combine(Source, Destination, Identification, Protocol, IsIpv6);
}
