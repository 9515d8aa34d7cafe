using System.Buffers.Binary;
using System.Text;
using Gate64.Protocols.Quic;

namespace Gate64.Testing.Quic;

/// <summary>
/// Client Initial datagrams made with the codec's sending side: a TLS 1.3 ClientHello for a name, split over one or
/// more Initials like a browser's, and the reading of the gateway's CONNECTION_CLOSE.
/// </summary>
public static class QuicClientInitials
{
    /// <summary>The client's Source Connection ID in every datagram made here.</summary>
    public static byte[] SourceConnectionId { get; } = Convert.FromHexString("5c1d5c1d");

    /// <summary>
    /// A ClientHello handshake message for <paramref name="serverName"/> (no server_name extension when null) with ALPN h3
    /// and a key share of the given size.
    /// </summary>
    public static byte[] ClientHello(string? serverName, int keyShareBytes = 32)
    {
        List<byte> extensions = [];
        if (serverName is not null)
        {
            byte[] name = Encoding.ASCII.GetBytes(serverName);
            Extension(extensions, 0x0000, [.. UInt16(name.Length + 3), 0, .. UInt16(name.Length), .. name]);
        }

        Extension(extensions, 0x002b, [0x02, 0x03, 0x04]);
        Extension(extensions, 0x0010, [0x00, 0x03, 0x02, (byte)'h', (byte)'3']);
        byte[] share = new byte[keyShareBytes];
        new Random(keyShareBytes).NextBytes(share);
        Extension(extensions, 0x0033, [.. UInt16(share.Length + 4), 0x00, 0x1d, .. UInt16(share.Length), .. share]);
        Extension(extensions, 0x0039, [0x01, 0x04, 0x80, 0x00, 0x75, 0x30]);

        List<byte> body = [0x03, 0x03];
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)i));
        body.Add(0);
        body.AddRange((byte[])[0x00, 0x02, 0x13, 0x01, 0x01, 0x00]);
        body.AddRange(UInt16(extensions.Count));
        body.AddRange(extensions);
        return [0x01, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count, .. body];
    }

    /// <summary>
    /// The datagrams of a client's first flight for <paramref name="serverName"/>: the hello in CRYPTO frames of
    /// <paramref name="pieceSize"/> bytes, shuffled with <paramref name="seed"/> over <paramref name="initials"/> Initial
    /// packets of <paramref name="minLength"/> bytes or more each (1,200: the floor a client must pad to).
    /// </summary>
    public static byte[][] FirstFlight(string? serverName, byte[] destinationConnectionId, int initials = 1, int keyShareBytes = 32,
        int pieceSize = 300, int seed = 1, uint version = QuicVersion.Version1, int minLength = 1200)
    {
        byte[] hello = ClientHello(serverName, keyShareBytes);
        Random random = new(seed);
        List<(int Offset, int Length)> pieces = [];
        for (int offset = 0; offset < hello.Length; offset += pieceSize)
        {
            pieces.Add((offset, Math.Min(pieceSize, hello.Length - offset)));
        }

        (int Offset, int Length)[] shuffled = [.. pieces.OrderBy(_ => random.Next())];
        byte[][] datagrams = new byte[initials][];
        for (int i = 0; i < initials; i++)
        {
            List<byte> frames = [];
            for (int p = i; p < shuffled.Length; p += initials)
            {
                frames.Add(0x01);   // PING, as Chrome scatters them
                byte[] frame = new byte[shuffled[p].Length + 16];
                int length = QuicInitialPacketWriter.WriteCryptoFrame(frame, (ulong)shuffled[p].Offset, hello.AsSpan(shuffled[p].Offset, shuffled[p].Length));
                frames.AddRange(frame.AsSpan(0, length).ToArray());
            }

            datagrams[i] = Initial(destinationConnectionId, i, [.. frames], minLength, version);
        }

        return datagrams;
    }

    /// <summary>One protected client Initial padded to <paramref name="minLength"/> bytes.</summary>
    public static byte[] Initial(byte[] destinationConnectionId, long packetNumber, byte[] frames, int minLength = 1200, uint version = QuicVersion.Version1)
    {
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(version, destinationConnectionId, server: false);
        byte[] packet = new byte[Math.Max(minLength, QuicInitialPacketWriter.MaxLength(destinationConnectionId.Length, SourceConnectionId.Length, 0, frames.Length)) + 8];
        int written = QuicInitialPacketWriter.Write(packet, keys, version, destinationConnectionId, SourceConnectionId, [], packetNumber, 2, frames, minLength);
        return packet[..written];
    }

    /// <summary>A 0-RTT-shaped long-header packet of <paramref name="length"/> bytes for the same connection (never opened by the gateway).</summary>
    public static byte[] ZeroRtt(byte[] destinationConnectionId, int length, byte fill)
    {
        byte[] packet = new byte[length];
        packet.AsSpan().Fill(fill);
        int position = 0;
        packet[position++] = 0xD1;   // long header, v1 type 0-RTT
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(position), QuicVersion.Version1);
        position += 4;
        packet[position++] = (byte)destinationConnectionId.Length;
        destinationConnectionId.CopyTo(packet, position);
        position += destinationConnectionId.Length;
        packet[position++] = (byte)SourceConnectionId.Length;
        SourceConnectionId.CopyTo(packet, position);
        position += SourceConnectionId.Length;
        QuicVarInt.Write(packet.AsSpan(position), (ulong)(length - position - 2), 2);
        return packet;
    }

    /// <summary>
    /// Opens a server Initial (the gateway's refusal) with the server keys of <paramref name="destinationConnectionId"/> and
    /// reads its CONNECTION_CLOSE.
    /// </summary>
    public static bool TryReadConnectionClose(byte[] datagram, byte[] destinationConnectionId, out ulong errorCode, out string reason)
    {
        errorCode = 0;
        reason = "";
        if (QuicLongHeader.TryParse(datagram, out QuicLongHeader header, out _) != QuicHeaderStatus.Valid || header.Type != QuicPacketType.Initial)
        {
            return false;
        }

        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(header.Version, destinationConnectionId, server: true);
        byte[] scratch = new byte[datagram.Length];
        if (!keys.TryUnprotect(datagram, header, -1, scratch, out int offset, out int length, out _))
        {
            return false;
        }

        ReadOnlySpan<byte> payload = scratch.AsSpan(offset, length);
        if (payload.IsEmpty || payload[0] != QuicInitialPacketWriter.ConnectionCloseFrameType)
        {
            return false;
        }

        payload = payload[1..];
        QuicVarInt.TryRead(payload, out errorCode, out int read);
        payload = payload[read..];
        QuicVarInt.TryRead(payload, out _, out read);
        payload = payload[read..];
        QuicVarInt.TryRead(payload, out ulong reasonLength, out read);
        reason = Encoding.UTF8.GetString(payload.Slice(read, (int)reasonLength));
        return true;
    }

    private static void Extension(List<byte> extensions, ushort type, byte[] data)
    {
        extensions.AddRange(UInt16(type));
        extensions.AddRange(UInt16(data.Length));
        extensions.AddRange(data);
    }

    private static byte[] UInt16(int value) => [(byte)(value >> 8), (byte)value];
}
