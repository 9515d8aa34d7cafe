using System.Buffers.Binary;

namespace Gate64.Protocols.Quic;

/// <summary>
/// Builds protected Initial packets: the gateway's CONNECTION_CLOSE to a refused client, and test traffic.
/// </summary>
public static class QuicInitialPacketWriter
{
    /// <summary>The frame type of CONNECTION_CLOSE at the QUIC layer (RFC 9000 §19.19).</summary>
    public const byte ConnectionCloseFrameType = 0x1C;

    /// <summary>The frame type of CRYPTO (RFC 9000 §19.6).</summary>
    public const byte CryptoFrameType = 0x06;

    /// <summary>CRYPTO_ERROR codes are 0x0100 plus the TLS alert (RFC 9001 §4.8).</summary>
    public const ulong CryptoErrorBase = 0x0100;

    private const byte LongHeaderFixedBits = 0xC0;
    private const int TwoByteLengthLimit = 0x3FFF;

    /// <summary>The largest packet <see cref="Write"/> can produce for these inputs, padding aside.</summary>
    public static int MaxLength(int dcidLength, int scidLength, int tokenLength, int framesLength) =>
        1 + 4 + 1 + dcidLength + 1 + scidLength + 8 + tokenLength + 4 + 4 + Math.Max(framesLength, 4) + QuicPacketProtection.TagLength;

    /// <summary>Writes one protected Initial packet.</summary>
    /// <param name="destination">Room for the packet (see <see cref="MaxLength"/>, or <paramref name="minPacketLength"/> if larger).</param>
    /// <param name="keys">The sender's Initial keys.</param>
    /// <param name="version">A supported version: it decides the type bits.</param>
    /// <param name="destinationConnectionId">The DCID field.</param>
    /// <param name="sourceConnectionId">The SCID field.</param>
    /// <param name="token">The token (empty for the server, and for a client without one).</param>
    /// <param name="packetNumber">The packet number.</param>
    /// <param name="packetNumberLength">Bytes of it on the wire, 1 to 4.</param>
    /// <param name="frames">The plaintext frames.</param>
    /// <param name="minPacketLength">Pad with PADDING frames up to this many bytes (1200 for a client's datagram, RFC 9000 §14.1).</param>
    /// <returns>The packet's length.</returns>
    public static int Write(Span<byte> destination, QuicPacketProtection keys, uint version, ReadOnlySpan<byte> destinationConnectionId,
        ReadOnlySpan<byte> sourceConnectionId, ReadOnlySpan<byte> token, long packetNumber, int packetNumberLength, ReadOnlySpan<byte> frames,
        int minPacketLength = 0)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfLessThan(packetNumberLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetNumberLength, 4);
        int position = 0;
        destination[position++] = (byte)(LongHeaderFixedBits | QuicLongHeader.TypeBits(QuicPacketType.Initial, version) | (packetNumberLength - 1));
        BinaryPrimitives.WriteUInt32BigEndian(destination[position..], version);
        position += 4;
        destination[position++] = (byte)destinationConnectionId.Length;
        destinationConnectionId.CopyTo(destination[position..]);
        position += destinationConnectionId.Length;
        destination[position++] = (byte)sourceConnectionId.Length;
        sourceConnectionId.CopyTo(destination[position..]);
        position += sourceConnectionId.Length;
        position += QuicVarInt.Write(destination[position..], (ulong)token.Length);
        token.CopyTo(destination[position..]);
        position += token.Length;

        // Header protection samples 16 bytes from 4 bytes after the packet number: at least 4 bytes of packet number and
        // payload (RFC 9001 §5.4.2).
        // The Length field takes 2 bytes unless the packet is over 16 KiB (then 4, and the packet 2 bytes over the minimum).
        int payloadLength = Math.Max(frames.Length, 4 - packetNumberLength);
        payloadLength = Math.Max(payloadLength, minPacketLength - (position + 2 + packetNumberLength) - QuicPacketProtection.TagLength);
        int lengthValue = packetNumberLength + payloadLength + QuicPacketProtection.TagLength;
        position += QuicVarInt.Write(destination[position..], (ulong)lengthValue, lengthValue > TwoByteLengthLimit ? 4 : 2);
        int packetNumberOffset = position;
        for (int i = packetNumberLength - 1; i >= 0; i--)
        {
            destination[position++] = (byte)(packetNumber >> (8 * i));
        }

        frames.CopyTo(destination[position..]);
        destination.Slice(position + frames.Length, payloadLength - frames.Length).Clear();
        return keys.Protect(destination, packetNumberOffset, packetNumber, position + payloadLength);
    }

    /// <summary>Writes a CRYPTO frame.</summary>
    /// <returns>The bytes written.</returns>
    public static int WriteCryptoFrame(Span<byte> destination, ulong offset, ReadOnlySpan<byte> data)
    {
        int position = 0;
        destination[position++] = CryptoFrameType;
        position += QuicVarInt.Write(destination[position..], offset);
        position += QuicVarInt.Write(destination[position..], (ulong)data.Length);
        data.CopyTo(destination[position..]);
        return position + data.Length;
    }

    /// <summary>Writes a CONNECTION_CLOSE frame of the QUIC layer.</summary>
    /// <param name="destination">Room for the frame.</param>
    /// <param name="errorCode">The transport error code, e.g. <see cref="CryptoErrorBase"/> + a TLS alert.</param>
    /// <param name="frameType">The type of the frame that caused the error (0 when unknown).</param>
    /// <param name="reason">A UTF-8 reason phrase.</param>
    /// <returns>The bytes written.</returns>
    public static int WriteConnectionClose(Span<byte> destination, ulong errorCode, ulong frameType, ReadOnlySpan<byte> reason)
    {
        int position = 0;
        destination[position++] = ConnectionCloseFrameType;
        position += QuicVarInt.Write(destination[position..], errorCode);
        position += QuicVarInt.Write(destination[position..], frameType);
        position += QuicVarInt.Write(destination[position..], (ulong)reason.Length);
        reason.CopyTo(destination[position..]);
        return position + reason.Length;
    }
}
