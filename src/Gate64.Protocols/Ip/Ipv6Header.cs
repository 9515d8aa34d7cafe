using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>
/// A read-only view of the fixed IPv6 header (RFC 8200 §3) at the start of a packet, with a bounded walker over
/// the extension headers (<see cref="TryWalkExtensions"/>). Obtain one with <see cref="TryRead"/> or
/// <see cref="TryValidate"/>; the accessors then never go out of range.
/// </summary>
public readonly ref struct Ipv6Header
{
    public const int Size = 40;

    public const int VersionClassFlowOffset = 0;
    public const int PayloadLengthOffset = 4;
    public const int NextHeaderOffset = 6;
    public const int HopLimitOffset = 7;
    public const int SourceOffset = 8;
    public const int DestinationOffset = 24;

    private readonly ReadOnlySpan<byte> _packet;

    private Ipv6Header(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>The packet the header was read from: after <see cref="TryValidate"/>, exactly 40 + Payload Length bytes.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    public int Version => _packet[0] >> 4;

    public byte TrafficClass => (byte)((_packet[0] << 4) | (_packet[1] >> 4));

    public int FlowLabel => ((_packet[1] & 0xF) << 16) | (_packet[2] << 8) | _packet[3];

    public int PayloadLength => BinaryPrimitives.ReadUInt16BigEndian(_packet[PayloadLengthOffset..]);

    public IpProtocol NextHeader => (IpProtocol)_packet[NextHeaderOffset];

    public byte HopLimit => _packet[HopLimitOffset];

    public ReadOnlySpan<byte> Source => _packet.Slice(SourceOffset, 16);

    public ReadOnlySpan<byte> Destination => _packet.Slice(DestinationOffset, 16);

    /// <summary>The bytes after the fixed header, up to the end of <see cref="Packet"/>.</summary>
    public ReadOnlySpan<byte> Payload => _packet[Size..];

    /// <summary>Reads a fixed header: at least 40 bytes and version 6. Payload Length is not checked (ICMP error quotes are truncated).</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out Ipv6Header header) => Check(packet, out header) == IpParseError.None;

    /// <summary>
    /// Validates a received packet: version 6 and 40 + Payload Length ≤ the data. On success <see cref="Packet"/> is
    /// cut to 40 + Payload Length. A jumbogram (Payload Length 0 with a Jumbo Payload option) is not supported and
    /// fails later, in <see cref="TryWalkExtensions"/>, as truncated.
    /// </summary>
    public static IpParseError TryValidate(ReadOnlySpan<byte> packet, out Ipv6Header header)
    {
        IpParseError error = Check(packet, out header);
        if (error != IpParseError.None)
        {
            return error;
        }
        int length = Size + header.PayloadLength;
        if (length > packet.Length)
        {
            header = default;
            return IpParseError.BadLength;
        }
        header = new Ipv6Header(packet[..length]);
        return IpParseError.None;
    }

    /// <summary>
    /// Walks the extension headers within <see cref="Packet"/>: Hop-by-Hop Options (first only), Routing, Fragment
    /// (once) and Destination Options are skipped; any other Next Header value, including AH, ESP and No Next Header,
    /// ends the walk as the upper-layer protocol. After a Fragment header with a non-zero offset the walk ends too,
    /// since what follows is fragment data. At most <see cref="Ipv6ExtensionChain.MaxExtensionHeaders"/> headers
    /// are accepted, and each must lie entirely within the data.
    /// </summary>
    public IpParseError TryWalkExtensions(out Ipv6ExtensionChain chain) => Ipv6ExtensionChain.Walk(_packet, out chain);

    /// <summary>Writes version 6, the traffic class and the flow label into the first 4 bytes of <paramref name="header"/>.</summary>
    public static void WriteVersionClassFlow(Span<byte> header, byte trafficClass, int flowLabel) =>
        BinaryPrimitives.WriteUInt32BigEndian(header, (6u << 28) | ((uint)trafficClass << 20) | ((uint)flowLabel & 0xF_FFFF));

    private static IpParseError Check(ReadOnlySpan<byte> packet, out Ipv6Header header)
    {
        header = default;
        if (packet.Length < Size)
        {
            return IpParseError.Truncated;
        }
        if (packet[0] >> 4 != 6)
        {
            return IpParseError.BadVersion;
        }
        header = new Ipv6Header(packet);
        return IpParseError.None;
    }
}
