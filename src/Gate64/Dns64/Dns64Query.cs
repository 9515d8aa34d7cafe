using Gate64.Protocols.Dns;

namespace Gate64.Dns64;

/// <summary>
/// What the server must know of a query before answering it, read without allocating:
/// header bits, the single question, and the client's EDNS parameters.
/// </summary>
internal readonly struct Dns64Query
{
    /// <summary>Cache-key flag: the client sent EDNS, so the answer carries an OPT record.</summary>
    public const byte EdnsFlag = 4;

    /// <summary>Cache-key flag: the client set AD, so the answer may carry AD.</summary>
    public const byte AuthenticDataFlag = 8;

    public ushort Id { get; init; }

    public DnsOpcode Opcode { get; init; }

    public bool CheckingDisabled { get; init; }

    /// <summary>Header AD: the client understands the AD bit (RFC 6840 §5.7), so answers may carry it.</summary>
    public bool AuthenticData { get; init; }

    public DnsRecordType Type { get; init; }

    public DnsClass Class { get; init; }

    public int NameLength { get; init; }

    /// <summary>Offset just past the question: header and question are copied from here.</summary>
    public int QuestionEnd { get; init; }

    public bool HasEdns { get; init; }

    public bool DnssecOk { get; init; }

    public ushort UdpPayloadSize { get; init; }

    /// <summary>The largest UDP answer this client accepts (RFC 1035 §4.2.1, RFC 6891 §6.2.5).</summary>
    public int MaxUdpResponse => HasEdns ? Math.Clamp((int)UdpPayloadSize, 512, DnsEdns.Default.UdpPayloadSize) : 512;

    /// <summary>The DNSSEC and EDNS bits that change the answer.</summary>
    public byte KeyFlags => (byte)((DnssecOk ? 1 : 0) | (CheckingDisabled ? 2 : 0) | (HasEdns ? EdnsFlag : 0) | (AuthenticData ? AuthenticDataFlag : 0));

    /// <summary>Reads a query with exactly one question; false for responses and anything malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, Span<byte> nameBuffer, out Dns64Query query)
    {
        query = default;
        DnsMessageReader reader = new(message);
        if (reader.TryReadHeader(out DnsHeader header) != DnsParseError.None || header.IsResponse || header.QuestionCount != 1)
        {
            return false;
        }
        if (reader.TryReadQuestion(nameBuffer, out int nameLength, out DnsRecordType type, out DnsClass @class) != DnsParseError.None)
        {
            return false;
        }
        int questionEnd = reader.Position;
        for (int i = 0; i < header.AnswerCount + header.AuthorityCount; i++)
        {
            if (reader.TrySkipRecord() != DnsParseError.None)
            {
                return false;
            }
        }
        bool hasEdns = false;
        bool dnssecOk = false;
        ushort udpPayloadSize = 512;
        Span<byte> scratch = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < header.AdditionalCount; i++)
        {
            if (reader.TryReadRecord(scratch, out _, out DnsRecordType recordType, out ushort recordClass, out uint ttl, out _, out _, out _) != DnsParseError.None)
            {
                return false;
            }
            if (recordType == DnsRecordType.OPT)
            {
                if (hasEdns)
                {
                    return false;   // RFC 6891 §6.1.1: more than one OPT is a FORMERR
                }
                hasEdns = true;
                udpPayloadSize = recordClass;
                dnssecOk = (ttl & 0x8000) != 0;
            }
        }
        query = new Dns64Query
        {
            Id = header.Id,
            Opcode = header.Opcode,
            CheckingDisabled = header.CheckingDisabled,
            AuthenticData = header.AuthenticData,
            Type = type,
            Class = @class,
            NameLength = nameLength,
            QuestionEnd = questionEnd,
            HasEdns = hasEdns,
            DnssecOk = dnssecOk,
            UdpPayloadSize = udpPayloadSize,
        };
        return true;
    }
}
