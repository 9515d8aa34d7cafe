using Gate64.Protocols.Quic;
using Gate64.Protocols.Tests.Tls;

namespace Gate64.Protocols.Tests.Quic;

/// <summary>Builds client Initial datagrams with the codec's own sending side, for shapes the RFCs do not print.</summary>
internal static class QuicTestPackets
{
    public static readonly byte[] ClientScid = Convert.FromHexString("c1d2e3f4");

    /// <summary>A CRYPTO frame, optionally with PING and PADDING around it.</summary>
    public static byte[] Crypto(byte[] stream, int offset, int length)
    {
        byte[] frame = new byte[length + 20];
        int written = QuicInitialPacketWriter.WriteCryptoFrame(frame, (ulong)offset, stream.AsSpan(offset, length));
        return frame[..written];
    }

    /// <summary>One client Initial packet carrying <paramref name="frames"/>, padded to <paramref name="minLength"/>.</summary>
    public static byte[] Initial(byte[] dcid, uint version, long packetNumber, byte[] frames, int minLength = 1200, byte[]? token = null)
    {
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(version, dcid, server: false);
        byte[] packet = new byte[Math.Max(minLength, QuicInitialPacketWriter.MaxLength(dcid.Length, ClientScid.Length, token?.Length ?? 0, frames.Length)) + 8];
        int length = QuicInitialPacketWriter.Write(packet, keys, version, dcid, ClientScid, token ?? [], packetNumber, 2, frames, minLength);
        return packet[..length];
    }

    /// <summary>
    /// A post-quantum sized ClientHello (a 1,216-byte X25519MLKEM768 key share) for <paramref name="serverName"/>: too big
    /// for one Initial, like current Chrome's.
    /// </summary>
    public static byte[] LargeHello(string serverName)
    {
        byte[] keyShare = new byte[2 + 2 + 2 + 1216];
        keyShare[0] = (byte)((keyShare.Length - 2) >> 8);
        keyShare[1] = (byte)(keyShare.Length - 2);
        keyShare[2] = 0x11;
        keyShare[3] = 0xEC;
        keyShare[4] = 1216 >> 8;
        keyShare[5] = 1216 & 0xFF;
        new Random(1216).NextBytes(keyShare.AsSpan(6));
        return TlsTestData.Handshake(serverName, (0x0033, keyShare), (0x0010, TlsTestData.Alpn("h3")), (0x0039, [0x01, 0x04, 0x80, 0x00, 0x75, 0x30]));
    }

    /// <summary>
    /// The large hello split over two Initials as browsers do: CRYPTO pieces of a few hundred bytes, shuffled inside and
    /// across the packets, with PING and PADDING frames between them.
    /// </summary>
    public static byte[][] ShuffledTwoInitials(byte[] dcid, uint version, byte[] hello, int seed)
    {
        Random random = new(seed);
        List<(int Offset, int Length)> pieces = [];
        for (int offset = 0; offset < hello.Length;)
        {
            int length = Math.Min(hello.Length - offset, 100 + random.Next(300));
            pieces.Add((offset, length));
            offset += length;
        }

        (int, int)[] shuffled = [.. pieces.OrderBy(_ => random.Next())];
        int half = shuffled.Length / 2;
        return
        [
            Initial(dcid, version, 0, Frames(hello, shuffled[..half], random)),
            Initial(dcid, version, 1, Frames(hello, shuffled[half..], random)),
        ];
    }

    private static byte[] Frames(byte[] hello, (int Offset, int Length)[] pieces, Random random)
    {
        List<byte> frames = [];
        foreach ((int offset, int length) in pieces)
        {
            if (random.Next(2) == 0)
            {
                frames.Add(0x01);   // PING
            }

            frames.AddRange(new byte[random.Next(3)]);   // PADDING
            frames.AddRange(Crypto(hello, offset, length));
        }

        return [.. frames];
    }
}
