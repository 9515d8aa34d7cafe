using System.Buffers.Binary;
using System.Net;

namespace Gate64.Protocols.Nat64;

/// <summary>
/// What the stateful layer (RFC 6146 binding and session tables) tells the <see cref="Translator"/> to write into a
/// translated packet: the addresses and ports of the output family. Addresses are big-endian values, an IPv4 address
/// in the low 32 bits.
/// <list type="bullet">
/// <item>TCP and UDP: <see cref="SourcePort"/> and <see cref="DestinationPort"/> replace the ports.</item>
/// <item>ICMP echo request and reply: <see cref="SourcePort"/> is the identifier to write (RFC 6146 §3.5.3 uses the
/// identifier as both ports); <see cref="DestinationPort"/> is ignored.</item>
/// <item>ICMP errors: <see cref="Source"/> and <see cref="Destination"/> are the outer header's; the <c>Inner*</c>
/// members rewrite the quoted packet, whose source is normally the outer destination (the host the error goes to
/// sent the quoted packet), so the stateful layer looks the session up by the quoted packet's tuple, reversed.
/// For a quoted echo, <see cref="InnerSourcePort"/> is its identifier.</item>
/// </list>
/// </summary>
public readonly record struct Nat64Mapping
{
    public Nat64Mapping(UInt128 source, UInt128 destination, ushort sourcePort, ushort destinationPort)
    {
        Source = source;
        Destination = destination;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
    }

    public UInt128 Source { get; init; }

    public UInt128 Destination { get; init; }

    public ushort SourcePort { get; init; }

    public ushort DestinationPort { get; init; }

    public UInt128 InnerSource { get; init; }

    public UInt128 InnerDestination { get; init; }

    public ushort InnerSourcePort { get; init; }

    public ushort InnerDestinationPort { get; init; }

    /// <summary>
    /// For the first fragment of a fragmented ICMP echo: the length of the whole echo message (all fragments'
    /// data after any extension headers). The checksum must gain (4→6) or lose (6→4) the ICMPv6 pseudo-header, which
    /// holds that length, and the first fragment alone cannot tell it; the caller learns it from the last fragment
    /// (offset plus length). 0, the default, means unknown: such a first fragment is dropped
    /// (<see cref="TranslationDropReason.FragmentedIcmp"/>). Ignored for every other packet.
    /// </summary>
    public int EchoLength { get; init; }

    /// <summary>A mapping from raw addresses (4 or 16 bytes each).</summary>
    public static Nat64Mapping Create(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ushort sourcePort, ushort destinationPort) =>
        new(ToValue(source), ToValue(destination), sourcePort, destinationPort);

    /// <summary>A mapping from addresses of one family.</summary>
    public static Nat64Mapping Create(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort) =>
        new(ToValue(source), ToValue(destination), sourcePort, destinationPort);

    /// <summary>This mapping with the rewrite of the packet quoted by an ICMP error.</summary>
    public Nat64Mapping WithInner(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ushort sourcePort, ushort destinationPort) =>
        this with { InnerSource = ToValue(source), InnerDestination = ToValue(destination), InnerSourcePort = sourcePort, InnerDestinationPort = destinationPort };

    /// <summary>This mapping with the rewrite of the packet quoted by an ICMP error.</summary>
    public Nat64Mapping WithInner(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort) =>
        this with { InnerSource = ToValue(source), InnerDestination = ToValue(destination), InnerSourcePort = sourcePort, InnerDestinationPort = destinationPort };

    /// <summary>The big-endian value of a 4- or 16-byte address.</summary>
    public static UInt128 ToValue(ReadOnlySpan<byte> address) => address.Length switch
    {
        4 => BinaryPrimitives.ReadUInt32BigEndian(address),
        16 => BinaryPrimitives.ReadUInt128BigEndian(address),
        _ => throw new ArgumentException("An address is 4 or 16 bytes.", nameof(address)),
    };

    public static UInt128 ToValue(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return ToValue(bytes[..written]);
    }
}
