using System.Buffers.Binary;

namespace Gate64.Protocols.Dns;

/// <summary>
/// The 12-byte message header (RFC 1035 §4.1.1). <see cref="Flags"/> is the raw flags word:
/// QR | Opcode | AA | TC | RD | RA | Z | AD | CD | RCODE.
/// </summary>
public readonly record struct DnsHeader(ushort Id, ushort Flags, ushort QuestionCount, ushort AnswerCount, ushort AuthorityCount, ushort AdditionalCount)
{
    public const int Size = 12;

    internal const ushort ResponseFlag = 0x8000;
    internal const ushort AuthoritativeFlag = 0x0400;
    internal const ushort TruncatedFlag = 0x0200;
    internal const ushort RecursionDesiredFlag = 0x0100;
    internal const ushort RecursionAvailableFlag = 0x0080;
    internal const ushort AuthenticDataFlag = 0x0020;
    internal const ushort CheckingDisabledFlag = 0x0010;
    internal const int OpcodeShift = 11;

    public bool IsResponse => (Flags & ResponseFlag) != 0;

    public DnsOpcode Opcode => (DnsOpcode)((Flags >> OpcodeShift) & 0xF);

    public bool Authoritative => (Flags & AuthoritativeFlag) != 0;

    public bool Truncated => (Flags & TruncatedFlag) != 0;

    public bool RecursionDesired => (Flags & RecursionDesiredFlag) != 0;

    public bool RecursionAvailable => (Flags & RecursionAvailableFlag) != 0;

    public bool AuthenticData => (Flags & AuthenticDataFlag) != 0;

    public bool CheckingDisabled => (Flags & CheckingDisabledFlag) != 0;

    /// <summary>The header's 4-bit RCODE (without any EDNS extension).</summary>
    public int ResponseCode => Flags & 0xF;

    /// <summary>Reads the header from the first 12 bytes; false when fewer are available.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < Size)
        {
            header = default;
            return false;
        }

        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        return true;
    }

    /// <summary>Writes the 12 header bytes. Throws <see cref="ArgumentException"/> if the destination is shorter.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"The destination must be at least {Size} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }
}
