using System.Buffers.Binary;

namespace Gate64.Protocols.Quic;

/// <summary>
/// A parsed long header (RFC 9000 §17.2), as offsets into the packet it came from, so it can be kept without copying.
/// </summary>
/// <remarks>
/// <code>
///  Initial:   [1|1|T T|R R|P P][version 32][dcid len 8][dcid][scid len 8][scid][token len i][token][length i][pn 8..32][payload]
///             └ protected low 4 bits                                                                              └ protected
///  0-RTT, Handshake: the same without the token fields.  Retry, Version Negotiation: run to the end of the datagram.
/// </code>
/// <see cref="PacketLength"/> covers the whole packet, so the next coalesced packet (RFC 9000 §12.2) starts right after it.
/// </remarks>
public readonly struct QuicLongHeader
{
    /// <summary>Connection IDs of QUIC v1 and v2 are at most 20 bytes (RFC 9000 §17.2).</summary>
    public const int MaxConnectionIdLength = 20;

    /// <summary>The version-independent maximum (RFC 8999 §5.1).</summary>
    public const int MaxInvariantConnectionIdLength = 255;

    private const byte LongHeaderBit = 0x80;
    private const int VersionOffset = 1;
    private const int DcidLengthOffset = 5;

    private QuicLongHeader(byte firstByte, uint version, QuicPacketType type, int dcidOffset, int dcidLength, int scidOffset, int scidLength,
        int tokenOffset, int tokenLength, int packetNumberOffset, int packetLength)
    {
        FirstByte = firstByte;
        Version = version;
        Type = type;
        DestinationConnectionIdOffset = dcidOffset;
        DestinationConnectionIdLength = dcidLength;
        SourceConnectionIdOffset = scidOffset;
        SourceConnectionIdLength = scidLength;
        TokenOffset = tokenOffset;
        TokenLength = tokenLength;
        PacketNumberOffset = packetNumberOffset;
        PacketLength = packetLength;
    }

    /// <summary>The first byte as received (its low four bits are header-protected in Initial, 0-RTT and Handshake packets).</summary>
    public byte FirstByte { get; }

    public uint Version { get; }

    public QuicPacketType Type { get; }

    public int DestinationConnectionIdOffset { get; }

    public int DestinationConnectionIdLength { get; }

    public int SourceConnectionIdOffset { get; }

    public int SourceConnectionIdLength { get; }

    /// <summary>Where the token starts (Initial packets only; 0 otherwise).</summary>
    public int TokenOffset { get; }

    public int TokenLength { get; }

    /// <summary>Where the protected packet number starts (Initial, 0-RTT, Handshake); -1 for Retry and Version Negotiation.</summary>
    public int PacketNumberOffset { get; }

    /// <summary>The bytes of this packet, header included; the next coalesced packet starts here.</summary>
    public int PacketLength { get; }

    /// <summary>The Destination Connection ID within <paramref name="packet"/> (the span the header was parsed from).</summary>
    public ReadOnlySpan<byte> DestinationConnectionId(ReadOnlySpan<byte> packet) => packet.Slice(DestinationConnectionIdOffset, DestinationConnectionIdLength);

    /// <summary>The Source Connection ID within <paramref name="packet"/>.</summary>
    public ReadOnlySpan<byte> SourceConnectionId(ReadOnlySpan<byte> packet) => packet.Slice(SourceConnectionIdOffset, SourceConnectionIdLength);

    /// <summary>True when the first bit marks a long header: the cheap test before any parsing.</summary>
    public static bool IsLongHeader(ReadOnlySpan<byte> packet) => !packet.IsEmpty && (packet[0] & LongHeaderBit) != 0;

    /// <summary>Parses the long header at the start of <paramref name="packet"/> (a datagram, or what is left of it).</summary>
    /// <param name="packet">The bytes from the packet's first byte to the end of the datagram.</param>
    /// <param name="header">The header when the result is <see cref="QuicHeaderStatus.Valid"/>; for
    /// <see cref="QuicHeaderStatus.UnsupportedVersion"/> only the version and connection IDs.</param>
    /// <param name="error">What was wrong, for <see cref="QuicHeaderStatus.Malformed"/>.</param>
    public static QuicHeaderStatus TryParse(ReadOnlySpan<byte> packet, out QuicLongHeader header, out string? error)
    {
        header = default;
        error = null;
        if (!IsLongHeader(packet))
        {
            return QuicHeaderStatus.NotLongHeader;
        }

        if (packet.Length < DcidLengthOffset + 2)
        {
            error = "the datagram ends inside the long header";
            return QuicHeaderStatus.Malformed;
        }

        uint version = BinaryPrimitives.ReadUInt32BigEndian(packet[VersionOffset..]);
        bool known = QuicVersion.IsSupported(version);
        int maxCid = known ? MaxConnectionIdLength : MaxInvariantConnectionIdLength;
        int position = DcidLengthOffset;
        if (!TryReadConnectionId(packet, ref position, maxCid, out int dcidOffset, out int dcidLength)
            || !TryReadConnectionId(packet, ref position, maxCid, out int scidOffset, out int scidLength))
        {
            error = $"a connection ID is longer than {maxCid} bytes or overruns the datagram";
            return QuicHeaderStatus.Malformed;
        }

        if (version == QuicVersion.Negotiation)
        {
            header = new QuicLongHeader(packet[0], version, QuicPacketType.VersionNegotiation, dcidOffset, dcidLength, scidOffset, scidLength, 0, 0, -1, packet.Length);
            return QuicHeaderStatus.Valid;
        }

        if (!known)
        {
            header = new QuicLongHeader(packet[0], version, QuicPacketType.Initial, dcidOffset, dcidLength, scidOffset, scidLength, 0, 0, -1, packet.Length);
            return QuicHeaderStatus.UnsupportedVersion;
        }

        QuicPacketType type = TypeOf(packet[0], version);
        if (type == QuicPacketType.Retry)
        {
            header = new QuicLongHeader(packet[0], version, type, dcidOffset, dcidLength, scidOffset, scidLength, 0, 0, -1, packet.Length);
            return QuicHeaderStatus.Valid;
        }

        int tokenOffset = 0;
        int tokenLength = 0;
        if (type == QuicPacketType.Initial)
        {
            if (!QuicVarInt.TryRead(packet[position..], out ulong declaredToken, out int tokenFieldLength)
                || declaredToken > (ulong)(packet.Length - position - tokenFieldLength))
            {
                error = "the token overruns the datagram";
                return QuicHeaderStatus.Malformed;
            }

            tokenOffset = position + tokenFieldLength;
            tokenLength = (int)declaredToken;
            position = tokenOffset + tokenLength;
        }

        if (!QuicVarInt.TryRead(packet[position..], out ulong declaredLength, out int lengthFieldLength))
        {
            error = "the datagram ends inside the Length field";
            return QuicHeaderStatus.Malformed;
        }

        int packetNumberOffset = position + lengthFieldLength;
        if (declaredLength > (ulong)(packet.Length - packetNumberOffset))
        {
            error = $"the Length field ({declaredLength}) runs past the end of the datagram ({packet.Length - packetNumberOffset} bytes left)";
            return QuicHeaderStatus.Malformed;
        }

        // RFC 9001 §5.4.2: header protection samples 16 bytes starting 4 bytes after the packet number, so every
        // protected packet is at least that long; shorter ones cannot be opened by anyone.
        if (declaredLength < QuicPacketProtection.MinProtectedLength)
        {
            error = $"the Length field ({declaredLength}) is too short for a protected packet";
            return QuicHeaderStatus.Malformed;
        }

        header = new QuicLongHeader(packet[0], version, type, dcidOffset, dcidLength, scidOffset, scidLength, tokenOffset, tokenLength,
            packetNumberOffset, packetNumberOffset + (int)declaredLength);
        return QuicHeaderStatus.Valid;
    }

    /// <summary>The packet type from the two type bits: v1 numbers them Initial, 0-RTT, Handshake, Retry; v2 rotates them (RFC 9369 §3.2).</summary>
    private static QuicPacketType TypeOf(byte firstByte, uint version)
    {
        int bits = (firstByte >> 4) & 0x3;
        if (version == QuicVersion.Version2)
        {
            bits = (bits + 3) & 0x3;
        }

        return bits switch
        {
            0 => QuicPacketType.Initial,
            1 => QuicPacketType.ZeroRtt,
            2 => QuicPacketType.Handshake,
            _ => QuicPacketType.Retry,
        };
    }

    /// <summary>The two type bits that mean <paramref name="type"/> in <paramref name="version"/>, shifted into place.</summary>
    public static byte TypeBits(QuicPacketType type, uint version)
    {
        int bits = type switch
        {
            QuicPacketType.Initial => 0,
            QuicPacketType.ZeroRtt => 1,
            QuicPacketType.Handshake => 2,
            QuicPacketType.Retry => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a typed long-header packet"),
        };
        if (version == QuicVersion.Version2)
        {
            bits = (bits + 1) & 0x3;
        }

        return (byte)(bits << 4);
    }

    private static bool TryReadConnectionId(ReadOnlySpan<byte> packet, ref int position, int max, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        if (position >= packet.Length)
        {
            return false;
        }

        length = packet[position];
        offset = position + 1;
        if (length > max || length > packet.Length - offset)
        {
            return false;
        }

        position = offset + length;
        return true;
    }
}
