namespace Gate64.Protocols.Dns;

/// <summary>
/// The object model of a whole message (RFC 1035 §4.1), mutable for building responses. The OPT pseudo-record is
/// not kept in <see cref="Additionals"/>: it is <see cref="Edns"/>.
/// </summary>
public sealed class DnsMessage
{
    private const int MinQuestionSize = 5;
    private const int MinRecordSize = 11;

    public ushort Id { get; set; }

    public bool IsResponse { get; set; }

    public DnsOpcode Opcode { get; set; }

    public bool Authoritative { get; set; }

    public bool Truncated { get; set; }

    public bool RecursionDesired { get; set; }

    public bool RecursionAvailable { get; set; }

    public bool AuthenticData { get; set; }

    public bool CheckingDisabled { get; set; }

    /// <summary>The 12-bit response code: the header's low 4 bits plus the OPT extended RCODE shifted left by 4.</summary>
    public DnsResponseCode ResponseCode { get; set; }

    public List<DnsQuestion> Questions { get; } = [];

    public List<DnsResourceRecord> Answers { get; } = [];

    public List<DnsResourceRecord> Authorities { get; } = [];

    /// <summary>The additional section, never containing OPT.</summary>
    public List<DnsResourceRecord> Additionals { get; } = [];

    /// <summary>The EDNS parameters, or null when the message has no OPT record.</summary>
    public DnsEdns? Edns { get; set; }

    /// <summary>
    /// Parses a whole message. Never throws. Counts that cannot fit in the data are rejected with
    /// <see cref="DnsParseError.TooManyRecords"/> before anything is allocated for them; bytes left after the
    /// last section give <see cref="DnsParseError.TrailingBytes"/>.
    /// </summary>
    public static DnsParseError TryParse(ReadOnlySpan<byte> data, out DnsMessage? message)
    {
        message = null;
        DnsMessageReader reader = new(data);
        DnsParseError error = reader.TryReadHeader(out DnsHeader header);
        if (error != DnsParseError.None)
        {
            return error;
        }

        long minimum = ((long)header.QuestionCount * MinQuestionSize)
            + ((long)(header.AnswerCount + header.AuthorityCount + header.AdditionalCount) * MinRecordSize);
        if (minimum > data.Length - DnsHeader.Size)
        {
            return DnsParseError.TooManyRecords;
        }

        DnsMessage result = new()
        {
            Id = header.Id,
            IsResponse = header.IsResponse,
            Opcode = header.Opcode,
            Authoritative = header.Authoritative,
            Truncated = header.Truncated,
            RecursionDesired = header.RecursionDesired,
            RecursionAvailable = header.RecursionAvailable,
            AuthenticData = header.AuthenticData,
            CheckingDisabled = header.CheckingDisabled,
        };

        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        result.Questions.Capacity = header.QuestionCount;
        for (int i = 0; i < header.QuestionCount; i++)
        {
            error = reader.TryReadQuestion(name, out int nameLength, out DnsRecordType type, out DnsClass @class);
            if (error != DnsParseError.None)
            {
                return error;
            }

            result.Questions.Add(new DnsQuestion(DnsName.FromValidated(name[..nameLength]), type, @class));
        }

        int extendedResponseCode = 0;
        ReadOnlySpan<(List<DnsResourceRecord> List, int Count)> sections =
        [
            (result.Answers, header.AnswerCount),
            (result.Authorities, header.AuthorityCount),
            (result.Additionals, header.AdditionalCount),
        ];
        foreach ((List<DnsResourceRecord> list, int count) in sections)
        {
            list.Capacity = count;
            for (int i = 0; i < count; i++)
            {
                error = reader.TryReadRecord(name, out int nameLength, out DnsRecordType type, out ushort @class, out uint ttl, out _, out int rdataOffset, out int rdataLength);
                if (error != DnsParseError.None)
                {
                    return error;
                }

                if (type == DnsRecordType.OPT)
                {
                    extendedResponseCode = (int)(ttl >> 24);
                    result.Edns = new DnsEdns(@class, (byte)(ttl >> 24), (byte)(ttl >> 16), (ttl & 0x8000) != 0, Copy(data.Slice(rdataOffset, rdataLength)));
                    continue;
                }

                list.Add(new DnsResourceRecord(DnsName.FromValidated(name[..nameLength]), type, (DnsClass)@class, ttl, ReadRdata(data, rdataOffset, rdataLength, type)));
            }
        }

        if (reader.Position != data.Length)
        {
            return DnsParseError.TrailingBytes;
        }

        result.ResponseCode = (DnsResponseCode)((extendedResponseCode << 4) | header.ResponseCode);
        message = result;
        return DnsParseError.None;
    }

    /// <summary>
    /// Writes the message. Question and owner names are compressed; RDATA is written as stored (names uncompressed).
    /// Returns false, with <paramref name="bytesWritten"/> 0, when the destination is too small or the message cannot be
    /// encoded: a section over 65535 entries, RDATA over 65535 bytes, an OPT record in a section, an opcode over 15,
    /// a response code over 4095, or over 15 without <see cref="Edns"/>.
    /// </summary>
    public bool TryWrite(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        int additionalCount = Additionals.Count + (Edns is null ? 0 : 1);
        int responseCode = (int)ResponseCode;
        if ((byte)Opcode > 15
            || responseCode > 0xFFF
            || (responseCode > 0xF && Edns is null)
            || Questions.Count > ushort.MaxValue
            || Answers.Count > ushort.MaxValue
            || Authorities.Count > ushort.MaxValue
            || additionalCount > ushort.MaxValue
            || destination.Length < DnsHeader.Size)
        {
            return false;
        }

        new DnsHeader(Id, BuildFlags(), (ushort)Questions.Count, (ushort)Answers.Count, (ushort)Authorities.Count, (ushort)additionalCount).Write(destination);

        // The writer covers the whole destination so that its positions are message offsets for compression pointers.
        DnsWireWriter writer = new(destination, DnsHeader.Size);
        foreach (DnsQuestion question in Questions)
        {
            if (!writer.TryWriteCompressedName(question.Name) || !writer.TryWriteUInt16((ushort)question.Type) || !writer.TryWriteUInt16((ushort)question.Class))
            {
                return false;
            }
        }

        if (!TryWriteRecords(ref writer, Answers) || !TryWriteRecords(ref writer, Authorities) || !TryWriteRecords(ref writer, Additionals))
        {
            return false;
        }

        if (Edns is { } edns)
        {
            uint ttl = ((uint)(responseCode >> 4) << 24) | ((uint)edns.Version << 16) | (edns.DnssecOk ? 0x8000u : 0);
            if (edns.Options.Length > ushort.MaxValue
                || !writer.TryWriteBytes([0])
                || !writer.TryWriteUInt16((ushort)DnsRecordType.OPT)
                || !writer.TryWriteUInt16(edns.UdpPayloadSize)
                || !writer.TryWriteUInt32(ttl)
                || !writer.TryWriteUInt16(edns.Options.Length)
                || !writer.TryWriteBytes(edns.Options.Span))
            {
                return false;
            }
        }

        bytesWritten = writer.Position;
        return true;
    }

    /// <summary>A query for one name and type in class IN.</summary>
    public static DnsMessage CreateQuery(ushort id, DnsName name, DnsRecordType type, bool recursionDesired = true, DnsEdns? edns = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        DnsMessage query = new()
        {
            Id = id,
            RecursionDesired = recursionDesired,
            Edns = edns,
        };
        query.Questions.Add(new DnsQuestion(name, type, DnsClass.IN));
        return query;
    }

    /// <summary>A response skeleton: same Id, Opcode, RD, CD and questions; empty sections; no EDNS.</summary>
    public DnsMessage CreateResponse()
    {
        DnsMessage response = new()
        {
            Id = Id,
            IsResponse = true,
            Opcode = Opcode,
            RecursionDesired = RecursionDesired,
            CheckingDisabled = CheckingDisabled,
        };
        response.Questions.AddRange(Questions);
        return response;
    }

    private static bool TryWriteRecords(ref DnsWireWriter writer, List<DnsResourceRecord> records)
    {
        foreach (DnsResourceRecord record in records)
        {
            if (record.Type == DnsRecordType.OPT
                || record.Data.Length > ushort.MaxValue
                || !writer.TryWriteCompressedName(record.Name)
                || !writer.TryWriteUInt16((ushort)record.Type)
                || !writer.TryWriteUInt16((ushort)record.Class)
                || !writer.TryWriteUInt32(record.Ttl)
                || !writer.TryWriteUInt16(record.Data.Length)
                || !writer.TryWriteBytes(record.Data.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? ReadOnlyMemory<byte>.Empty : bytes.ToArray();

    private static ReadOnlyMemory<byte> ReadRdata(ReadOnlySpan<byte> message, int offset, int length, DnsRecordType type)
    {
        if (!DnsRdataFormat.HasNames(type))
        {
            return Copy(message.Slice(offset, length));
        }

        // Already validated by the reader: measure, then expand into an exact-size array.
        DnsRdataFormat.Process(message, offset, length, type, [], out int expandedLength);
        byte[] expanded = new byte[expandedLength];
        DnsRdataFormat.Process(message, offset, length, type, expanded, out _);
        return expanded;
    }

    private ushort BuildFlags()
    {
        int flags = ((int)Opcode << DnsHeader.OpcodeShift) | ((int)ResponseCode & 0xF);
        flags |= IsResponse ? DnsHeader.ResponseFlag : 0;
        flags |= Authoritative ? DnsHeader.AuthoritativeFlag : 0;
        flags |= Truncated ? DnsHeader.TruncatedFlag : 0;
        flags |= RecursionDesired ? DnsHeader.RecursionDesiredFlag : 0;
        flags |= RecursionAvailable ? DnsHeader.RecursionAvailableFlag : 0;
        flags |= AuthenticData ? DnsHeader.AuthenticDataFlag : 0;
        flags |= CheckingDisabled ? DnsHeader.CheckingDisabledFlag : 0;
        return (ushort)flags;
    }
}
