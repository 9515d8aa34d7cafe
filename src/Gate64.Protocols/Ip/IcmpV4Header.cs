using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>
/// A read-only view of an ICMPv4 message header (RFC 792): type, code, checksum and the 4-byte rest of header,
/// whose meaning depends on the type (echo identifier and sequence, Parameter Problem pointer, next-hop MTU,
/// RFC 4884 length attribute).
/// </summary>
public readonly ref struct IcmpV4Header
{
    public const int Size = 8;

    public const int TypeOffset = 0;
    public const int CodeOffset = 1;
    public const int ChecksumOffset = 2;
    public const int RestOfHeaderOffset = 4;
    public const int IdentifierOffset = 4;
    public const int SequenceNumberOffset = 6;

    /// <summary>Parameter Problem: the byte that points at the offending octet.</summary>
    public const int PointerOffset = 4;

    /// <summary>RFC 4884: the length of the original datagram in 32-bit words (Destination Unreachable, Time Exceeded, Parameter Problem).</summary>
    public const int LengthAttributeOffset = 5;

    /// <summary>Destination Unreachable, Fragmentation Needed (code 4): the next-hop MTU (RFC 1191).</summary>
    public const int MtuOffset = 6;

    private readonly ReadOnlySpan<byte> _message;

    private IcmpV4Header(ReadOnlySpan<byte> message) => _message = message;

    public IcmpV4Type Type => (IcmpV4Type)_message[TypeOffset];

    public byte Code => _message[CodeOffset];

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_message[ChecksumOffset..]);

    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_message[RestOfHeaderOffset..]);

    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_message[IdentifierOffset..]);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_message[SequenceNumberOffset..]);

    public byte Pointer => _message[PointerOffset];

    public ushort Mtu => BinaryPrimitives.ReadUInt16BigEndian(_message[MtuOffset..]);

    public bool IsError => IsErrorType(_message[TypeOffset]);

    public bool IsEcho => Type is IcmpV4Type.EchoRequest or IcmpV4Type.EchoReply;

    /// <summary>The bytes after the 8-byte header: echo data, or the datagram quoted by an error.</summary>
    public ReadOnlySpan<byte> Body => _message[Size..];

    /// <summary>Reads the header from at least 8 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out IcmpV4Header header)
    {
        header = message.Length >= Size ? new IcmpV4Header(message) : default;
        return message.Length >= Size;
    }

    /// <summary>True for the error types: Destination Unreachable, Source Quench, Redirect, Time Exceeded, Parameter Problem.</summary>
    public static bool IsErrorType(byte type) => (IcmpV4Type)type is IcmpV4Type.DestinationUnreachable or IcmpV4Type.SourceQuench
        or IcmpV4Type.Redirect or IcmpV4Type.TimeExceeded or IcmpV4Type.ParameterProblem;
}
