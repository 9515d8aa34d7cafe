using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Gate64.Protocols.Quic;

/// <summary>
/// The Initial packet protection of one direction (RFC 9001 §5.3–5.4): AES-128-GCM for the payload and AES-128-ECB
/// header protection over the packet number and the low bits of the first byte.
/// </summary>
/// <remarks>
/// <code>
///  [first][ … header … ][pn 1..4][ payload … ][tag 16]
///                        └ pn_offset   sample = 16 bytes at pn_offset + 4
///  mask = AES-ECB(hp, sample); first ^= mask[0] &amp; 0x0f; pn ^= mask[1..]; nonce = iv ^ pn; AAD = unprotected header
/// </code>
/// Opening works on a copy of the packet so the caller's datagram stays as it arrived: it is relayed byte for byte.
/// One instance per flow; not thread-safe.
/// </remarks>
public sealed class QuicPacketProtection : IDisposable
{
    /// <summary>The AEAD tag length (AES-128-GCM).</summary>
    public const int TagLength = 16;

    /// <summary>The smallest Length field value a protected packet can have: 4 bytes before the 16-byte sample.</summary>
    public const int MinProtectedLength = 4 + SampleLength;

    private const int SampleLength = 16;
    private const int MaxPacketNumberLength = 4;
    private const byte PacketNumberLengthMask = 0x03;
    private const byte LongHeaderProtectedBits = 0x0F;
    private const byte LongHeaderReservedBits = 0x0C;

    private readonly AesGcm _aead;
    private readonly Aes _headerCipher;
    private readonly byte[] _iv;

    private QuicPacketProtection(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> headerKey)
    {
        _aead = new AesGcm(key, TagLength);
        _headerCipher = Aes.Create();
        _headerCipher.Key = headerKey.ToArray();
        _iv = iv.ToArray();
    }

    /// <summary>Initial keys of one direction, derived from the DCID of the client's first Initial.</summary>
    /// <param name="version">A supported version.</param>
    /// <param name="clientDestinationConnectionId">The DCID of the client's first Initial.</param>
    /// <param name="server">True for the keys that protect the server's Initials.</param>
    public static QuicPacketProtection CreateInitial(uint version, ReadOnlySpan<byte> clientDestinationConnectionId, bool server)
    {
        Span<byte> key = stackalloc byte[QuicInitialSecrets.KeyLength];
        Span<byte> iv = stackalloc byte[QuicInitialSecrets.IvLength];
        Span<byte> headerKey = stackalloc byte[QuicInitialSecrets.HeaderKeyLength];
        QuicInitialSecrets.DeriveKeys(version, clientDestinationConnectionId, server, key, iv, headerKey);
        try
        {
            return new QuicPacketProtection(key, iv, headerKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(headerKey);
        }
    }

    /// <summary>
    /// Removes header protection from a copy of the packet and decrypts the copy's payload in place.
    /// </summary>
    /// <param name="packet">The packet from its first byte (offsets in <paramref name="header"/> are relative to it).</param>
    /// <param name="header">Its parsed long header: Initial, 0-RTT or Handshake.</param>
    /// <param name="largestPacketNumber">The largest packet number opened so far in this space, or -1 (RFC 9000 §A.3).</param>
    /// <param name="scratch">At least <see cref="QuicLongHeader.PacketLength"/> bytes; receives the unprotected packet.</param>
    /// <param name="payloadOffset">Where the plaintext payload starts in <paramref name="scratch"/>.</param>
    /// <param name="payloadLength">The plaintext length.</param>
    /// <param name="packetNumber">The full packet number.</param>
    /// <returns>False when the packet does not authenticate with these keys or its reserved bits are set (RFC 9000 §17.2).</returns>
    public bool TryUnprotect(ReadOnlySpan<byte> packet, in QuicLongHeader header, long largestPacketNumber, Span<byte> scratch,
        out int payloadOffset, out int payloadLength, out long packetNumber)
    {
        payloadOffset = 0;
        payloadLength = 0;
        packetNumber = -1;
        int pnOffset = header.PacketNumberOffset;
        int end = header.PacketLength;
        if (pnOffset < 0 || end > packet.Length || end - pnOffset < MinProtectedLength || scratch.Length < end)
        {
            return false;
        }

        Span<byte> copy = scratch[..end];
        packet[..end].CopyTo(copy);
        Span<byte> mask = stackalloc byte[SampleLength];
        _headerCipher.EncryptEcb(copy.Slice(pnOffset + MaxPacketNumberLength, SampleLength), mask, PaddingMode.None);
        copy[0] ^= (byte)(mask[0] & LongHeaderProtectedBits);
        int pnLength = (copy[0] & PacketNumberLengthMask) + 1;
        ulong truncated = 0;
        for (int i = 0; i < pnLength; i++)
        {
            copy[pnOffset + i] ^= mask[1 + i];
            truncated = (truncated << 8) | copy[pnOffset + i];
        }

        int headerLength = pnOffset + pnLength;
        int ciphertextLength = end - headerLength - TagLength;
        if (ciphertextLength < 0)
        {
            return false;
        }

        long number = DecodePacketNumber(largestPacketNumber, truncated, pnLength * 8);
        Span<byte> nonce = stackalloc byte[QuicInitialSecrets.IvLength];
        MakeNonce(number, nonce);
        Span<byte> payload = copy.Slice(headerLength, ciphertextLength);
        try
        {
            _aead.Decrypt(nonce, payload, copy.Slice(headerLength + ciphertextLength, TagLength), payload, copy[..headerLength]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        if ((copy[0] & LongHeaderReservedBits) != 0)
        {
            return false;
        }

        payloadOffset = headerLength;
        payloadLength = ciphertextLength;
        packetNumber = number;
        return true;
    }

    /// <summary>
    /// Encrypts a packet laid out in place and applies header protection: the sending side, for the gateway's own
    /// Initial CONNECTION_CLOSE and for building test packets.
    /// </summary>
    /// <param name="packet">
    /// The header with an unprotected first byte (its packet number length bits set) and the packet number at
    /// <paramref name="packetNumberOffset"/>, then the plaintext payload up to <paramref name="payloadEnd"/>, then room for the tag.
    /// </param>
    /// <param name="packetNumberOffset">Where the packet number starts.</param>
    /// <param name="packetNumber">The full packet number (its low bytes are on the wire).</param>
    /// <param name="payloadEnd">Where the plaintext ends; the tag is written there.</param>
    /// <returns>The packet's length, <paramref name="payloadEnd"/> + <see cref="TagLength"/>.</returns>
    public int Protect(Span<byte> packet, int packetNumberOffset, long packetNumber, int payloadEnd)
    {
        int pnLength = (packet[0] & PacketNumberLengthMask) + 1;
        int headerLength = packetNumberOffset + pnLength;
        if (payloadEnd < headerLength || payloadEnd + TagLength - packetNumberOffset < MinProtectedLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadEnd), payloadEnd, "the payload is too short to sample for header protection");
        }

        Span<byte> nonce = stackalloc byte[QuicInitialSecrets.IvLength];
        MakeNonce(packetNumber, nonce);
        Span<byte> payload = packet[headerLength..payloadEnd];
        _aead.Encrypt(nonce, payload, payload, packet.Slice(payloadEnd, TagLength), packet[..headerLength]);

        Span<byte> mask = stackalloc byte[SampleLength];
        _headerCipher.EncryptEcb(packet.Slice(packetNumberOffset + MaxPacketNumberLength, SampleLength), mask, PaddingMode.None);
        packet[0] ^= (byte)(mask[0] & LongHeaderProtectedBits);
        for (int i = 0; i < pnLength; i++)
        {
            packet[packetNumberOffset + i] ^= mask[1 + i];
        }

        return payloadEnd + TagLength;
    }

    public void Dispose()
    {
        _aead.Dispose();
        _headerCipher.Dispose();
    }

    /// <summary>RFC 9000 §A.3: the full packet number closest to the next expected one.</summary>
    internal static long DecodePacketNumber(long largest, ulong truncated, int bits)
    {
        long expected = largest + 1;
        long window = 1L << bits;
        long halfWindow = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | (long)truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window)
        {
            return candidate + window;
        }

        if (candidate > expected + halfWindow && candidate >= window)
        {
            return candidate - window;
        }

        return candidate;
    }

    /// <summary>RFC 9001 §5.3: the packet number, left-padded to the IV's length, XORed with the IV.</summary>
    private void MakeNonce(long packetNumber, Span<byte> nonce)
    {
        _iv.CopyTo(nonce);
        Span<byte> number = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(number, (ulong)packetNumber);
        for (int i = 0; i < number.Length; i++)
        {
            nonce[QuicInitialSecrets.IvLength - sizeof(ulong) + i] ^= number[i];
        }
    }
}
