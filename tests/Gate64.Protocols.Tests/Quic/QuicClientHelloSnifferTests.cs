using Gate64.Protocols.Quic;
using Gate64.Protocols.Tests.Tls;
using static Gate64.Protocols.Tests.Quic.QuicTestVectors;

namespace Gate64.Protocols.Tests.Quic;

public class QuicClientHelloSnifferTests
{
    private static readonly byte[] s_dcid = Convert.FromHexString("0011223344556677");

    [Theory]
    [InlineData(ClientInitialV1, QuicVersion.Version1)]
    [InlineData(ClientInitialV2, QuicVersion.Version2)]
    public void Feed_RfcSampleInitial_CompleteWithExampleCom(string hex, uint version)
    {
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(Hex(hex)));

        Assert.Equal("example.com", sniffer.Hello!.ServerName);
        Assert.Equal(["alpn"], sniffer.Hello.ApplicationProtocols);
        Assert.Equal(241, sniffer.Hello.RecordBytes);
        Assert.Equal(version, sniffer.Version);
        Assert.Equal(DestinationConnectionId, Convert.ToHexStringLower(sniffer.OriginalDestinationConnectionId));
        Assert.True(sniffer.ClientSourceConnectionId.IsEmpty);
        Assert.Equal(1, sniffer.InitialPackets);
    }

    [Theory]
    [InlineData(QuicVersion.Version1, 1)]
    [InlineData(QuicVersion.Version1, 2)]
    [InlineData(QuicVersion.Version1, 3)]
    [InlineData(QuicVersion.Version2, 4)]
    public void Feed_LargeHelloShuffledOverTwoInitials_ReassemblesInEitherOrder(uint version, int seed)
    {
        byte[] hello = QuicTestPackets.LargeHello("pq.example.org");
        byte[][] datagrams = QuicTestPackets.ShuffledTwoInitials(s_dcid, version, hello, seed);
        foreach (byte[][] order in new[] { datagrams, [datagrams[1], datagrams[0]] })
        {
            using QuicClientHelloSniffer sniffer = new();

            Assert.Equal(QuicSniffStatus.NeedMore, sniffer.Feed(order[0]));
            Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(order[1]));

            Assert.Equal("pq.example.org", sniffer.Hello!.ServerName);
            Assert.Equal(["h3"], sniffer.Hello.ApplicationProtocols);
            Assert.Equal(hello.Length, sniffer.Hello.RecordBytes);
            Assert.Equal(2, sniffer.InitialPackets);
        }
    }

    [Fact]
    public void Feed_RetransmittedInitialInBetween_StillCompletes()
    {
        byte[] hello = QuicTestPackets.LargeHello("retry.example.org");
        byte[][] datagrams = QuicTestPackets.ShuffledTwoInitials(s_dcid, QuicVersion.Version1, hello, 9);
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.NeedMore, sniffer.Feed(datagrams[0]));
        Assert.Equal(QuicSniffStatus.NeedMore, sniffer.Feed(datagrams[0]));
        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(datagrams[1]));
        Assert.Equal("retry.example.org", sniffer.Hello!.ServerName);
    }

    [Fact]
    public void Feed_InitialCoalescedWithZeroRttAndJunkPadding_ReadsOnlyTheInitial()
    {
        byte[] hello = TlsTestData.Handshake("coalesced.example");
        byte[] initial = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0, QuicTestPackets.Crypto(hello, 0, hello.Length), minLength: 0);
        // A 0-RTT packet (type bits 01 in v1) the gateway cannot and need not open, then zero bytes of datagram padding.
        byte[] zeroRtt = [0xD1, 0, 0, 0, 1, 8, .. s_dcid, 4, .. QuicTestPackets.ClientScid, 0x40, 40, .. new byte[40]];
        byte[] datagram = [.. initial, .. zeroRtt, .. new byte[1200 - initial.Length - zeroRtt.Length]];
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(datagram));
        Assert.Equal("coalesced.example", sniffer.Hello!.ServerName);
    }

    [Fact]
    public void Feed_DatagramWithOnlyZeroRtt_NoInitial()
    {
        byte[] zeroRtt = [0xD1, 0, 0, 0, 1, 8, .. s_dcid, 0, 0x40, 40, .. new byte[40]];
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.NoInitial, sniffer.Feed(zeroRtt));
        Assert.Equal(0u, sniffer.Version);
    }

    [Fact]
    public void Feed_JunkThenTheRealInitial_JunkIgnored()
    {
        byte[] junk = Hex(ClientInitialV1);
        junk[^1] ^= 1;   // the tag no longer matches
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.NoInitial, sniffer.Feed(junk));
        Assert.Equal(QuicSniffStatus.NoInitial, sniffer.Feed(new byte[1200]));
        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(Hex(ClientInitialV1)));
        Assert.Equal("example.com", sniffer.Hello!.ServerName);
    }

    [Fact]
    public void Feed_InitialOfAnotherConnectionAfterTheFirst_Ignored()
    {
        byte[] hello = QuicTestPackets.LargeHello("first.example");
        byte[][] first = QuicTestPackets.ShuffledTwoInitials(s_dcid, QuicVersion.Version1, hello, 5);
        byte[] other = QuicTestPackets.Initial(Convert.FromHexString("8877665544332211"), QuicVersion.Version1, 1,
            QuicTestPackets.Crypto(TlsTestData.Handshake("other.example"), 0, 60));
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.NeedMore, sniffer.Feed(first[0]));
        Assert.Equal(QuicSniffStatus.NoInitial, sniffer.Feed(other));
        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(first[1]));
        Assert.Equal("first.example", sniffer.Hello!.ServerName);
    }

    [Fact]
    public void Feed_ShortDestinationConnectionId_NoInitial()
    {
        byte[] hello = TlsTestData.Handshake("short.example");
        byte[] datagram = QuicTestPackets.Initial([1, 2, 3, 4, 5, 6, 7], QuicVersion.Version1, 0, QuicTestPackets.Crypto(hello, 0, hello.Length));
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.NoInitial, sniffer.Feed(datagram));
    }

    [Fact]
    public void Feed_UnsupportedVersion_Final()
    {
        byte[] datagram = Hex(ClientInitialV1);
        datagram[4] = 0x2a;
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.UnsupportedVersion, sniffer.Feed(datagram));
        Assert.Equal(QuicSniffStatus.UnsupportedVersion, sniffer.Feed(Hex(ClientInitialV1)));
        Assert.Contains("0x0000002a", sniffer.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("08000000", "0x08")]   // STREAM
    [InlineData("1d000000", "0x1d")]   // application CONNECTION_CLOSE
    [InlineData("1e", "0x1e")]         // HANDSHAKE_DONE
    public void Feed_ForbiddenFrameInAnAuthenticInitial_Malformed(string frame, string named)
    {
        byte[] hello = TlsTestData.Handshake("x.example");
        byte[] datagram = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0, [.. QuicTestPackets.Crypto(hello, 0, 40), .. Convert.FromHexString(frame)]);
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.Malformed, sniffer.Feed(datagram));
        Assert.Contains(named, sniffer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_ConflictingCryptoBytes_MalformedNotASecondName()
    {
        byte[] hello = TlsTestData.Handshake("good.example");
        byte[] evil = TlsTestData.Handshake("evil.example");
        int at = TlsTestData.IndexOfServerName(hello, "good.example");
        byte[] datagram = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0,
            [.. QuicTestPackets.Crypto(hello, 0, hello.Length), .. QuicTestPackets.Crypto(evil, 0, at + 4)]);
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.Malformed, sniffer.Feed(datagram));
        Assert.Null(sniffer.Hello);
    }

    [Fact]
    public void Feed_ClientConnectionClose_ClientClosed()
    {
        byte[] close = new byte[32];
        int length = QuicInitialPacketWriter.WriteConnectionClose(close, 0x0a, 0, "bye"u8);
        byte[] datagram = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0, close[..length]);
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.ClientClosed, sniffer.Feed(datagram));
    }

    [Fact]
    public void Feed_HelloLargerThanTheCap_TooLarge()
    {
        byte[] hello = QuicTestPackets.LargeHello("big.example");
        byte[][] datagrams = QuicTestPackets.ShuffledTwoInitials(s_dcid, QuicVersion.Version1, hello, 1);
        using QuicClientHelloSniffer sniffer = new(maxHelloSize: 1000);

        QuicSniffStatus first = sniffer.Feed(datagrams[0]);
        QuicSniffStatus second = sniffer.Feed(datagrams[1]);

        Assert.Equal(QuicSniffStatus.TooLarge, first == QuicSniffStatus.NeedMore ? second : first);
    }

    [Fact]
    public void Feed_BytesAfterTheHello_Malformed()
    {
        byte[] hello = [.. TlsTestData.Handshake("extra.example"), 0x14, 0, 0, 1, 0];
        byte[] datagram = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0, QuicTestPackets.Crypto(hello, 0, hello.Length));
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.Malformed, sniffer.Feed(datagram));
    }

    [Fact]
    public void Feed_HelloWithoutServerName_CompleteWithNullName()
    {
        byte[] hello = TlsTestData.Handshake([(0x002b, TlsTestData.SupportedVersions())]);
        byte[] datagram = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0, QuicTestPackets.Crypto(hello, 0, hello.Length));
        using QuicClientHelloSniffer sniffer = new();

        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(datagram));
        Assert.Null(sniffer.Hello!.ServerName);
    }

    [Fact]
    public void Feed_EveryTruncationOfTheRfcSample_NeverThrowsNeverCompletes()
    {
        byte[] packet = Hex(ClientInitialV1);
        for (int length = 0; length < packet.Length; length++)
        {
            using QuicClientHelloSniffer sniffer = new();
            QuicSniffStatus status = sniffer.Feed(packet.AsSpan(0, length));
            Assert.True(status == QuicSniffStatus.NoInitial, $"{length}: {status} {sniffer.Error}");
            Assert.Null(sniffer.Hello);
        }
    }

    [Fact]
    public void Feed_EveryTruncationOfTheSecondInitial_NeedsMoreThenCompletesWithTheWhole()
    {
        byte[] hello = QuicTestPackets.LargeHello("cut.example");
        byte[][] datagrams = QuicTestPackets.ShuffledTwoInitials(s_dcid, QuicVersion.Version1, hello, 11);
        using QuicClientHelloSniffer sniffer = new();
        Assert.Equal(QuicSniffStatus.NeedMore, sniffer.Feed(datagrams[0]));
        for (int length = 0; length < datagrams[1].Length; length++)
        {
            Assert.Equal(QuicSniffStatus.NoInitial, sniffer.Feed(datagrams[1].AsSpan(0, length)));
        }

        Assert.Equal(QuicSniffStatus.Complete, sniffer.Feed(datagrams[1]));
        Assert.Equal("cut.example", sniffer.Hello!.ServerName);
    }

    [Fact]
    public void Feed_SeededRandomMutations_NeverThrowNeverAnotherName()
    {
        Random random = new(7_2026);
        byte[] hello = QuicTestPackets.LargeHello("mutant.example");
        byte[][] two = QuicTestPackets.ShuffledTwoInitials(s_dcid, QuicVersion.Version1, hello, 3);
        byte[][][] flows = [[Hex(ClientInitialV1)], [Hex(ClientInitialV2)], two];
        string[] names = ["example.com", "example.com", "mutant.example"];
        int[] counts = new int[Enum.GetValues<QuicSniffStatus>().Length];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            int flow = iteration % flows.Length;
            byte[][] datagrams = flows[flow];
            int mutated = random.Next(datagrams.Length);
            using QuicClientHelloSniffer sniffer = new();
            QuicSniffStatus status = QuicSniffStatus.NoInitial;
            for (int i = 0; i < datagrams.Length; i++)
            {
                status = sniffer.Feed(i == mutated ? Mutate(random, datagrams[i]) : datagrams[i]);
            }

            counts[(int)status]++;
            Assert.Equal(status == QuicSniffStatus.Complete, sniffer.Hello is not null);
            if (sniffer.Hello is not null)
            {
                Assert.Equal(names[flow], sniffer.Hello.ServerName);
            }
        }

        // Most mutations break the AEAD; some land outside the packets and leave it complete.
        Assert.True(counts[(int)QuicSniffStatus.Complete] > 0, string.Join(",", counts));
        Assert.True(counts[(int)QuicSniffStatus.NoInitial] + counts[(int)QuicSniffStatus.NeedMore] > 0, string.Join(",", counts));
    }

    [Fact]
    public void Feed_DecryptedPayloadMutations_NeverThrowNeverAnotherName()
    {
        // Mutations after decryption reach the frame walk and the TLS parser, which AEAD otherwise shields: seal each
        // mutated payload again so it opens.
        Random random = new(9001);
        byte[] hello = TlsTestData.Handshake("inner.example", (0x0010, TlsTestData.Alpn("h3")));
        byte[] frames = [0x01, .. QuicTestPackets.Crypto(hello, 20, hello.Length - 20), 0x00, 0x00, .. QuicTestPackets.Crypto(hello, 0, 20)];
        int[] counts = new int[Enum.GetValues<QuicSniffStatus>().Length];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            byte[] payload = Mutate(random, frames);
            byte[] datagram = QuicTestPackets.Initial(s_dcid, QuicVersion.Version1, 0, payload);
            using QuicClientHelloSniffer sniffer = new();
            QuicSniffStatus status = sniffer.Feed(datagram);
            counts[(int)status]++;
            Assert.Equal(status == QuicSniffStatus.Complete, sniffer.Hello is not null);
            if (sniffer.Hello?.ServerName is { } name)
            {
                // A mutation may rewrite the name's bytes themselves; it can never produce a name out of nothing.
                Assert.Equal("inner.example".Length, name.Length);
            }
        }

        Assert.True(counts[(int)QuicSniffStatus.Complete] > 0, string.Join(",", counts));
        Assert.True(counts[(int)QuicSniffStatus.Malformed] > 0, string.Join(",", counts));
        Assert.True(counts[(int)QuicSniffStatus.NeedMore] > 0, string.Join(",", counts));
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        List<byte> bytes = [.. seed];
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 4:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.AddRange(Enumerable.Range(0, random.Next(16)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }

        return [.. bytes];
    }
}
