using System.Buffers.Binary;

namespace Gate64.Protocols.Dns;

/// <summary>
/// An allocation-free sequential reader over a message, for hot paths. Call <see cref="TryReadHeader"/> first,
/// then read the questions and records in order. A failed read leaves <see cref="Position"/> unchanged.
/// </summary>
/// <remarks>
/// Records are validated: the RDATA must lie within the message, A is 4 bytes, AAAA 16, embedded names must be valid
/// and end exactly at the RDATA end, OPT must be owned by the root, appear at most once and (once the header is read)
/// only in the additional section.
/// </remarks>
public ref struct DnsMessageReader
{
    private const int RecordFixedSize = 10;

    private readonly ReadOnlySpan<byte> _message;
    private int _recordsBeforeAdditional;
    private int _recordsRead;
    private bool _optSeen;

    public DnsMessageReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _recordsBeforeAdditional = -1;
    }

    /// <summary>The offset of the next byte to read.</summary>
    public int Position { get; private set; }

    /// <summary>True when the OPT record has been read.</summary>
    public readonly bool OptSeen => _optSeen;

    /// <summary>Reads the 12-byte header at the start of the message and positions the reader after it.</summary>
    public DnsParseError TryReadHeader(out DnsHeader header)
    {
        if (!DnsHeader.TryRead(_message, out header))
        {
            return DnsParseError.Truncated;
        }

        Position = DnsHeader.Size;
        _recordsBeforeAdditional = header.AnswerCount + header.AuthorityCount;
        _recordsRead = 0;
        _optSeen = false;
        return DnsParseError.None;
    }

    /// <summary>Reads one question; the name is written uncompressed into <paramref name="nameBuffer"/> (at least 255 bytes).</summary>
    public DnsParseError TryReadQuestion(scoped Span<byte> nameBuffer, out int nameLength, out DnsRecordType type, out DnsClass @class)
    {
        type = default;
        @class = default;
        DnsParseError error = DnsName.TryRead(_message, Position, nameBuffer, out nameLength, out int consumed);
        if (error != DnsParseError.None)
        {
            return error;
        }

        int position = Position + consumed;
        if (_message.Length - position < 4)
        {
            nameLength = 0;
            return DnsParseError.Truncated;
        }

        type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(_message[position..]);
        @class = (DnsClass)BinaryPrimitives.ReadUInt16BigEndian(_message[(position + 2)..]);
        Position = position + 4;
        return DnsParseError.None;
    }

    /// <summary>
    /// Reads one resource record. <paramref name="rdataOffset"/> and <paramref name="rdataLength"/> locate the raw,
    /// possibly compressed RDATA inside the message; <paramref name="ttlOffset"/> is where the 4 TTL bytes are.
    /// For OPT, <paramref name="class"/> is the UDP payload size and the TTL carries the extended RCODE, version and flags.
    /// </summary>
    public DnsParseError TryReadRecord(scoped Span<byte> nameBuffer, out int nameLength, out DnsRecordType type, out ushort @class, out uint ttl, out int ttlOffset, out int rdataOffset, out int rdataLength)
    {
        type = default;
        @class = 0;
        ttl = 0;
        ttlOffset = 0;
        rdataOffset = 0;
        rdataLength = 0;
        DnsParseError error = DnsName.TryRead(_message, Position, nameBuffer, out nameLength, out int consumed);
        if (error == DnsParseError.None)
        {
            error = ReadRecordAfterName(Position + consumed, nameLength, out type, out @class, out ttl, out ttlOffset, out rdataOffset, out rdataLength);
        }

        if (error != DnsParseError.None)
        {
            nameLength = 0;
        }

        return error;
    }

    /// <summary>Reads and validates one resource record without returning it.</summary>
    public DnsParseError TrySkipRecord()
    {
        Span<byte> nameBuffer = stackalloc byte[DnsName.MaxLength];
        return TryReadRecord(nameBuffer, out _, out _, out _, out _, out _, out _, out _);
    }

    private DnsParseError ReadRecordAfterName(int position, int nameLength, out DnsRecordType type, out ushort @class, out uint ttl, out int ttlOffset, out int rdataOffset, out int rdataLength)
    {
        type = default;
        @class = 0;
        ttl = 0;
        ttlOffset = 0;
        rdataOffset = 0;
        rdataLength = 0;
        if (_message.Length - position < RecordFixedSize)
        {
            return DnsParseError.Truncated;
        }

        ReadOnlySpan<byte> fixedPart = _message.Slice(position, RecordFixedSize);
        int length = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[8..]);
        int dataOffset = position + RecordFixedSize;
        if (length > _message.Length - dataOffset)
        {
            return DnsParseError.Truncated;
        }

        DnsRecordType recordType = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(fixedPart);
        if (recordType == DnsRecordType.OPT
            && (nameLength != 1 || _optSeen || (_recordsBeforeAdditional >= 0 && _recordsRead < _recordsBeforeAdditional)))
        {
            return DnsParseError.InvalidOpt;
        }

        DnsParseError error = DnsRdataFormat.Process(_message, dataOffset, length, recordType, [], out _);
        if (error != DnsParseError.None)
        {
            return error;
        }

        type = recordType;
        @class = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[2..]);
        ttl = BinaryPrimitives.ReadUInt32BigEndian(fixedPart[4..]);
        ttlOffset = position + 4;
        rdataOffset = dataOffset;
        rdataLength = length;
        Position = dataOffset + length;
        _recordsRead++;
        _optSeen |= recordType == DnsRecordType.OPT;
        return DnsParseError.None;
    }
}
