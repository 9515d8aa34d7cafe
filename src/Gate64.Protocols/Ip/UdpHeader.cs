using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>A read-only view of the 8-byte UDP header (RFC 768).</summary>
public readonly ref struct UdpHeader
{
    public const int Size = 8;

    public const int SourcePortOffset = 0;
    public const int DestinationPortOffset = 2;
    public const int LengthOffset = 4;
    public const int ChecksumOffset = 6;

    private readonly ReadOnlySpan<byte> _segment;

    private UdpHeader(ReadOnlySpan<byte> segment) => _segment = segment;

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_segment);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_segment[DestinationPortOffset..]);

    /// <summary>The Length field: header plus data, in bytes.</summary>
    public int Length => BinaryPrimitives.ReadUInt16BigEndian(_segment[LengthOffset..]);

    /// <summary>The checksum; zero means none was computed (allowed over IPv4 only).</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_segment[ChecksumOffset..]);

    /// <summary>The bytes after the header, to the end of the data given to <see cref="TryRead"/>.</summary>
    public ReadOnlySpan<byte> Payload => _segment[Size..];

    /// <summary>Reads the header from at least 8 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> segment, out UdpHeader header)
    {
        header = segment.Length >= Size ? new UdpHeader(segment) : default;
        return segment.Length >= Size;
    }
}
