using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>
/// A read-only view of an ICMPv6 message header (RFC 4443 §2.1): type, code, checksum and the 4-byte rest of
/// header (echo identifier and sequence, Packet Too Big MTU, Parameter Problem pointer, RFC 4884 length attribute).
/// </summary>
public readonly ref struct IcmpV6Header
{
    public const int Size = 8;

    public const int TypeOffset = 0;
    public const int CodeOffset = 1;
    public const int ChecksumOffset = 2;
    public const int RestOfHeaderOffset = 4;
    public const int IdentifierOffset = 4;
    public const int SequenceNumberOffset = 6;

    /// <summary>Packet Too Big: the 32-bit MTU.</summary>
    public const int MtuOffset = 4;

    /// <summary>Parameter Problem: the 32-bit pointer.</summary>
    public const int PointerOffset = 4;

    /// <summary>RFC 4884: the length of the original datagram in 64-bit words (Destination Unreachable, Time Exceeded).</summary>
    public const int LengthAttributeOffset = 4;

    private readonly ReadOnlySpan<byte> _message;

    private IcmpV6Header(ReadOnlySpan<byte> message) => _message = message;

    public IcmpV6Type Type => (IcmpV6Type)_message[TypeOffset];

    public byte Code => _message[CodeOffset];

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_message[ChecksumOffset..]);

    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_message[RestOfHeaderOffset..]);

    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_message[IdentifierOffset..]);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_message[SequenceNumberOffset..]);

    public uint Mtu => BinaryPrimitives.ReadUInt32BigEndian(_message[MtuOffset..]);

    public uint Pointer => BinaryPrimitives.ReadUInt32BigEndian(_message[PointerOffset..]);

    /// <summary>Error messages have types 0–127 (RFC 4443 §2.1).</summary>
    public bool IsError => _message[TypeOffset] < 128;

    public bool IsEcho => Type is IcmpV6Type.EchoRequest or IcmpV6Type.EchoReply;

    /// <summary>The bytes after the 8-byte header: echo data, or the packet quoted by an error.</summary>
    public ReadOnlySpan<byte> Body => _message[Size..];

    /// <summary>Reads the header from at least 8 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out IcmpV6Header header)
    {
        header = message.Length >= Size ? new IcmpV6Header(message) : default;
        return message.Length >= Size;
    }
}
