using System.Buffers.Binary;
using Gate64.Protocols.Dns;

namespace Gate64.Resolver;

/// <summary>The cache key of a question: lower-cased name in wire form, type, class and the DNSSEC bits.</summary>
internal static class DnsQuestionKey
{
    public const int MaxLength = DnsName.MaxLength + 5;

    public static int Write(ReadOnlySpan<byte> nameWire, DnsRecordType type, DnsClass @class, byte flags, Span<byte> destination)
    {
        int length = CopyLower(nameWire, destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(length + 2)..], (ushort)@class);
        destination[length + 4] = flags;
        return length + 5;
    }

    /// <summary>
    /// Labels may hold any byte (RFC 2181 §11), so only A–Z are folded; length bytes are below 64
    /// and never letters.
    /// </summary>
    private static int CopyLower(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            destination[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }
        return source.Length;
    }
}
