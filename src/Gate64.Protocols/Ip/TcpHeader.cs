using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>A read-only view of a TCP header (RFC 9293 §3.1).</summary>
public readonly ref struct TcpHeader
{
    public const int MinimumLength = 20;

    public const int SourcePortOffset = 0;
    public const int DestinationPortOffset = 2;
    public const int SequenceNumberOffset = 4;
    public const int AcknowledgmentNumberOffset = 8;
    public const int DataOffsetOffset = 12;
    public const int FlagsOffset = 13;
    public const int WindowOffset = 14;
    public const int ChecksumOffset = 16;
    public const int UrgentPointerOffset = 18;

    private readonly ReadOnlySpan<byte> _segment;

    private TcpHeader(ReadOnlySpan<byte> segment) => _segment = segment;

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_segment);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_segment[DestinationPortOffset..]);

    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(_segment[SequenceNumberOffset..]);

    public uint AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(_segment[AcknowledgmentNumberOffset..]);

    /// <summary>The header length in bytes (Data Offset × 4), options included.</summary>
    public int HeaderLength => (_segment[DataOffsetOffset] >> 4) * 4;

    public TcpFlags Flags => (TcpFlags)_segment[FlagsOffset];

    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_segment[WindowOffset..]);

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_segment[ChecksumOffset..]);

    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_segment[UrgentPointerOffset..]);

    public ReadOnlySpan<byte> Options => _segment[MinimumLength..HeaderLength];

    /// <summary>The bytes after the header and its options.</summary>
    public ReadOnlySpan<byte> Payload => _segment[HeaderLength..];

    /// <summary>Reads a header of at least 20 bytes whose Data Offset is ≥ 5 and whose options are present.</summary>
    public static bool TryRead(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < MinimumLength)
        {
            return false;
        }
        int headerLength = (segment[DataOffsetOffset] >> 4) * 4;
        if (headerLength < MinimumLength || headerLength > segment.Length)
        {
            return false;
        }
        header = new TcpHeader(segment);
        return true;
    }
}
