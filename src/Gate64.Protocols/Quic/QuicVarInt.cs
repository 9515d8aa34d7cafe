using System.Buffers.Binary;

namespace Gate64.Protocols.Quic;

/// <summary>
/// QUIC variable-length integers (RFC 9000 §16): the two high bits of the first byte give the length (1, 2, 4 or 8
/// bytes), the rest is the value in network byte order.
/// </summary>
public static class QuicVarInt
{
    /// <summary>The largest value a variable-length integer holds: 2^62 - 1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>Reads the integer at the start of <paramref name="source"/>.</summary>
    /// <param name="source">The bytes to read from.</param>
    /// <param name="value">The value, or 0 when the source is too short.</param>
    /// <param name="bytesRead">The integer's length on the wire, or 0 when the source is too short.</param>
    /// <returns>False when <paramref name="source"/> ends inside the integer.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        if (source.IsEmpty)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }

        int length = 1 << (source[0] >> 6);
        if (source.Length < length)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }

        value = length switch
        {
            1 => source[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3FFFu,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3FFF_FFFFu,
            _ => BinaryPrimitives.ReadUInt64BigEndian(source) & MaxValue,
        };
        bytesRead = length;
        return true;
    }

    /// <summary>The shortest encoding's length for <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> exceeds <see cref="MaxValue"/>.</exception>
    public static int GetLength(ulong value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        return value switch
        {
            <= 0x3F => 1,
            <= 0x3FFF => 2,
            <= 0x3FFF_FFFF => 4,
            _ => 8,
        };
    }

    /// <summary>Writes <paramref name="value"/> in its shortest encoding.</summary>
    /// <returns>The bytes written.</returns>
    public static int Write(Span<byte> destination, ulong value) => Write(destination, value, GetLength(value));

    /// <summary>
    /// Writes <paramref name="value"/> in exactly <paramref name="length"/> bytes (1, 2, 4 or 8): a packet's Length field is
    /// written before the payload size is final, so senders reserve a fixed width for it.
    /// </summary>
    /// <returns>The bytes written, <paramref name="length"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is not 1, 2, 4 or 8, or too short for the value.</exception>
    public static int Write(Span<byte> destination, ulong value, int length)
    {
        if (length is not (1 or 2 or 4 or 8) || length < GetLength(value))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"cannot hold {value}");
        }

        switch (length)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000u);
                break;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xC000_0000_0000_0000UL);
                break;
        }

        return length;
    }
}
