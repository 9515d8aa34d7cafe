using Gate64.Protocols.Tls;
using static Gate64.Protocols.Tests.Tls.TlsTestData;

namespace Gate64.Protocols.Tests.Tls;

public class ClientHelloParserTests
{
    private const int Max = ClientHelloParser.DefaultMaxHandshakeSize;

    [Theory]
    [MemberData(nameof(Captured), MemberType = typeof(TlsTestData))]
    public void TryParse_CapturedHello_Complete(string client, string hex, string? serverName, int records)
    {
        byte[] bytes = Hex(hex);
        ClientHelloStatus status = ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out string? error);

        Assert.True(status == ClientHelloStatus.Complete, $"{client}: {status} {error}");
        Assert.Null(error);
        Assert.NotNull(hello);
        Assert.Equal(serverName, hello.ServerName);
        Assert.Equal(bytes.Length, hello.RecordBytes);
        Assert.Equal(0x0303, hello.LegacyVersion);
        Assert.False(hello.HasEncryptedClientHello);
        Assert.Equal(records, CountRecords(bytes));
    }

    [Fact]
    public void TryParse_CurlCapture_ReadsAlpn()
    {
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(Hex(CurlHex), Max, out ClientHello? hello, out _));
        Assert.Equal(["h2", "http/1.1"], hello!.ApplicationProtocols);
    }

    [Fact]
    public void TryParse_OpenSslTwoRecords_ReassemblesLongAlpnList()
    {
        byte[] bytes = Hex(OpenSslTwoRecordsHex);
        Assert.Equal(512, (bytes[3] << 8) | bytes[4]);

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal(14, hello!.ApplicationProtocols.Count);
        Assert.Equal("proto-000-abcdefghijklmnopqrstuvwxyz", hello.ApplicationProtocols[0]);
        Assert.Equal("proto-011-abcdefghijklmnopqrstuvwxyz", hello.ApplicationProtocols[11]);
        Assert.Equal(["h2", "http/1.1"], hello.ApplicationProtocols.Skip(12));
        Assert.Equal(788, hello.RecordBytes);
    }

    [Fact]
    public void TryParse_NoServerNameExtension_CompleteWithNullName()
    {
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(Hex(OpenSslNoSniHex), Max, out ClientHello? hello, out _));
        Assert.Null(hello!.ServerName);
        Assert.Empty(hello.ApplicationProtocols);
    }

    [Fact]
    public void TryParse_EveryTruncationOfEveryVector_Incomplete()
    {
        foreach (byte[] bytes in AllVectors())
        {
            for (int length = 0; length < bytes.Length; length++)
            {
                ClientHelloStatus status = ClientHelloParser.TryParse(bytes.AsSpan(0, length), Max, out ClientHello? hello, out string? error);
                Assert.True(status == ClientHelloStatus.Incomplete, $"{length}/{bytes.Length}: {status} {error}");
                Assert.Null(hello);
                Assert.Null(error);
            }
        }
    }

    [Fact]
    public void TryParse_ByteAtATime_CompleteExactlyAtTheEnd()
    {
        foreach (byte[] bytes in AllVectors())
        {
            List<byte> received = [];
            int completedAt = -1;
            foreach (byte b in bytes.Concat("\x14\x03\x03\x00\x01\x01"u8.ToArray()))
            {
                received.Add(b);
                ClientHelloStatus status = ClientHelloParser.TryParse(received.ToArray(), Max, out ClientHello? hello, out _);
                if (status == ClientHelloStatus.Complete && completedAt < 0)
                {
                    completedAt = received.Count;
                    Assert.Equal(bytes.Length, hello!.RecordBytes);
                }

                Assert.Equal(completedAt < 0 ? ClientHelloStatus.Incomplete : ClientHelloStatus.Complete, status);
            }

            Assert.Equal(bytes.Length, completedAt);
        }
    }

    [Fact]
    public void TryParse_OneByteRecords_Reassembles()
    {
        // DPI-evasion tools cut the hello into tiny records; each record here carries a single handshake byte.
        byte[] handshake = Handshake("www.example.org", (ExtensionAlpn, Alpn("h2")));
        byte[] bytes = RecordsOf(handshake, 1);
        Assert.Equal(handshake.Length * 6, bytes.Length);

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out string? error));
        Assert.Null(error);
        Assert.Equal("www.example.org", hello!.ServerName);
        Assert.Equal(["h2"], hello.ApplicationProtocols);
        Assert.Equal(bytes.Length, hello.RecordBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryParse_HandshakeHeaderSplitAcrossRecords_Reassembles(int firstRecord)
    {
        byte[] bytes = Records(Handshake("www.example.org"), firstRecord, 7, 100);
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal("www.example.org", hello!.ServerName);
    }

    [Fact]
    public void TryParse_ServerNameInSecondRecord_Reassembles()
    {
        // Put a record boundary a few bytes before the host_name: HAProxy and sniproxy miss this SNI (sni.md §0.3).
        byte[] handshake = Handshake("www.example.org");
        int nameOffset = IndexOfServerName(handshake, "www.example.org");
        byte[] bytes = Records(handshake, nameOffset - 3);
        Assert.Equal(2, CountRecords(bytes));

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal("www.example.org", hello!.ServerName);
        Assert.Equal(bytes.Length, hello.RecordBytes);
    }

    [Fact]
    public void TryParse_ServerNameSplitAcrossThreeRecords_Reassembles()
    {
        byte[] handshake = Handshake("a-rather-long-name.example.org");
        int nameOffset = IndexOfServerName(handshake, "a-rather-long-name.example.org");
        byte[] bytes = Records(handshake, nameOffset + 4, 10);
        Assert.Equal(3, CountRecords(bytes));

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal("a-rather-long-name.example.org", hello!.ServerName);
    }

    [Fact]
    public void TryParse_HelloLargerThan16KiB_SpansRecordsAndParses()
    {
        // nginx and HAProxy fail above 16 KiB (sni.md §0.3); padding after the SNI makes the hello 20 KB.
        byte[] handshake = Handshake("www.example.org", (ExtensionPadding, new byte[20000]));
        byte[] bytes = Records(handshake);
        Assert.Equal(2, CountRecords(bytes));

        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal("www.example.org", hello!.ServerName);
        Assert.Equal(bytes.Length, hello.RecordBytes);
    }

    [Fact]
    public void TryParse_HelloOfExactlyTheCap_Parses()
    {
        byte[] handshake = HandshakeWithBody(Max);
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(Records(handshake), Max, out ClientHello? hello, out _));
        Assert.Equal("www.example.org", hello!.ServerName);
    }

    [Fact]
    public void TryParse_HelloOneByteOverTheCap_TooLarge()
    {
        byte[] bytes = Records(HandshakeWithBody(Max + 1));

        Assert.Equal(ClientHelloStatus.TooLarge, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out string? error));
        Assert.Null(hello);
        Assert.Contains("65537", error, StringComparison.Ordinal);

        // The verdict comes from the announced length, as soon as the handshake header has arrived.
        Assert.Equal(ClientHelloStatus.TooLarge, ClientHelloParser.TryParse(bytes.AsSpan(0, 9), Max, out _, out _));
        Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloParser.TryParse(bytes.AsSpan(0, 8), Max, out _, out _));
    }

    [Fact]
    public void TryParse_SmallCap_AppliesToAnnouncedLength()
    {
        byte[] bytes = Hex(CurlHex);
        Assert.Equal(ClientHelloStatus.TooLarge, ClientHelloParser.TryParse(bytes, 507, out _, out _));
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, 508, out _, out _));
    }

    [Fact]
    public void TryParse_RecordsBeyondMaxRecordBytes_TooLarge()
    {
        // 1-byte records multiply the size by six; the record budget stops that from growing without bound.
        byte[] handshake = Handshake("www.example.org", (ExtensionPadding, new byte[400]));
        byte[] bytes = RecordsOf(handshake, 1);
        int cap = handshake.Length;
        int limit = ClientHelloParser.GetMaxRecordBytes(cap);
        Assert.True(bytes.Length > limit);

        Assert.Equal(ClientHelloStatus.TooLarge, ClientHelloParser.TryParse(bytes, cap, out _, out string? error));
        Assert.Contains("records", error, StringComparison.Ordinal);

        // With a buffer of the budget's size the caller never waits forever: the answer is never Incomplete.
        Assert.Equal(ClientHelloStatus.TooLarge, ClientHelloParser.TryParse(bytes.AsSpan(0, limit), cap, out _, out _));
        Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloParser.TryParse(bytes.AsSpan(0, limit - 1), cap, out _, out _));
    }

    [Fact]
    public void GetMaxRecordBytes_DefaultCap_FitsMaximumSizeRecords()
    {
        int limit = ClientHelloParser.GetMaxRecordBytes(Max);
        Assert.Equal(2 * (Max + 4), limit);
        byte[] bytes = Records(HandshakeWithBody(Max));
        Assert.True(bytes.Length < limit);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientHelloParser.GetMaxRecordBytes(0));
    }

    [Theory]
    [InlineData("1403030001" + "01")]
    [InlineData("1703030005" + "0102030405")]
    [InlineData("1403030001" + "01" + "1703030005" + "0102030405")]
    public void TryParse_DataAfterTheHello_CompleteWithHelloRecordsOnly(string trailingHex)
    {
        foreach (byte[] bytes in new[] { Hex(OpenSslHex), Hex(OpenSslTwoRecordsHex), Records(Handshake("www.example.org"), 50, 50) })
        {
            byte[] withTrailer = [.. bytes, .. Hex(trailingHex)];
            Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(withTrailer, Max, out ClientHello? hello, out _));
            Assert.Equal(bytes.Length, hello!.RecordBytes);
        }
    }

    [Fact]
    public void TryParse_AnotherHelloAfterTheHello_IgnoredAsOtherData()
    {
        byte[] bytes = Hex(OpenSslHex);
        byte[] twice = [.. bytes, .. Hex(CurlHex)];
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(twice, Max, out ClientHello? hello, out _));
        Assert.Equal(bytes.Length, hello!.RecordBytes);
    }

    [Theory]
    [InlineData("17")]
    [InlineData("15")]
    [InlineData("14")]
    public void TryParse_OtherRecordTypeBeforeHelloIsComplete_Malformed(string typeHex)
    {
        byte[] handshake = Handshake("www.example.org");
        byte[] bytes = Records(handshake, 20);
        bytes[25] = Hex(typeHex)[0];

        // The second record's type byte alone decides it.
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes.AsSpan(0, 26), Max, out _, out string? error));
        Assert.Contains("content type", error, StringComparison.Ordinal);
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out _));
    }

    [Fact]
    public void TryParse_TwoHostNames_Malformed()
    {
        byte[] bytes = Records(Handshake([(ExtensionServerName, ServerName((0, "a.example.org"), (0, "b.example.org")))]));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out string? error));
        Assert.Null(hello);
        Assert.Contains("more than one host_name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NonZeroNameType_Malformed()
    {
        byte[] bytes = Records(Handshake([(ExtensionServerName, ServerName((1, "a.example.org")))]));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out string? error));
        Assert.Contains("name_type 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HostNameThenOtherNameType_Malformed()
    {
        byte[] bytes = Records(Handshake([(ExtensionServerName, ServerName((0, "a.example.org"), (7, "x")))]));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out _));
    }

    [Theory]
    [InlineData("", "list length")]            // extension_data of zero bytes (what a server sends back, never a client)
    [InlineData("00", "list length")]
    [InlineData("0000", "empty")]              // empty server_name_list
    [InlineData("000300" + "0000", "empty")]   // one entry with an empty host_name
    [InlineData("0005000001" + "61", "list length")]
    [InlineData("0004000001" + "6161", "list length")]
    [InlineData("000400000461", "overruns")]   // host_name length 4, one byte present
    public void TryParse_BadServerNameExtension_Malformed(string extensionHex, string expected)
    {
        byte[] bytes = Records(Handshake([(ExtensionServerName, Hex(extensionHex))]));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("www.ex ample.org")]
    [InlineData("www.example.org\0")]
    [InlineData("bücher.example")]
    [InlineData("\u007f")]
    public void TryParse_HostNameNotPrintableAscii_Malformed(string name)
    {
        byte[] bytes = Records(Handshake(name));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out string? error));
        Assert.Contains("printable ASCII", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WWW.Example.ORG.")]
    [InlineData("192.0.2.1")]
    [InlineData("exa_mple.org")]
    [InlineData("*")]
    public void TryParse_HostName_ReturnedRawAsSent(string name)
    {
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(Records(Handshake(name)), Max, out ClientHello? hello, out _));
        Assert.Equal(name, hello!.ServerName);
    }

    [Fact]
    public void TryParse_DuplicateExtension_Malformed()
    {
        byte[] bytes = Records(Handshake("www.example.org", (ExtensionAlpn, Alpn("h2")), (ExtensionAlpn, Alpn("http/1.1"))));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out string? error));
        Assert.Contains("extension 16 appears more than once", error, StringComparison.Ordinal);

        byte[] unknownTwice = Records(Handshake("www.example.org", (0x4444, []), (0x1234, []), (0x4444, [])));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(unknownTwice, Max, out _, out _));
    }

    [Fact]
    public void TryParse_TwoServerNameExtensions_Malformed()
    {
        byte[] bytes = Records(Handshake([(ExtensionServerName, ServerName("a.example.org")), (ExtensionServerName, ServerName("b.example.org"))]));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out _));
    }

    [Fact]
    public void TryParse_ManyDistinctExtensions_Complete()
    {
        // Every extension type from 100 up, 4 bytes each, as many as fit: the duplicate check stays linear.
        (ushort, byte[])[] extensions = Enumerable.Range(100, 15000).Select(i => ((ushort)i, Array.Empty<byte>())).ToArray();
        byte[] bytes = Records(Handshake("www.example.org", extensions));
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal("www.example.org", hello!.ServerName);
    }

    [Fact]
    public void TryParse_Alpn_ReadsNamesInOrder()
    {
        byte[] bytes = Records(Handshake("www.example.org", (ExtensionAlpn, Alpn("h2", "http/1.1", "\u000a\u000a", "acme-tls/1"))));
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Equal(["h2", "http/1.1", "\n\n", "acme-tls/1"], hello!.ApplicationProtocols);
    }

    [Theory]
    [InlineData("0000")]          // empty list
    [InlineData("000100")]        // one empty name
    [InlineData("00030268")]      // list length beyond the extension
    [InlineData("00020568")]      // name overruns the list
    [InlineData("000302683200")]  // list length short of the extension
    public void TryParse_BadAlpn_Malformed(string extensionHex)
    {
        byte[] bytes = Records(Handshake("www.example.org", (ExtensionAlpn, Hex(extensionHex))));
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out string? error));
        Assert.Contains("ALPN", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EncryptedClientHello_FlaggedWithOuterName()
    {
        // An ECH outer hello (RFC 9849 §5): type outer (0), kdf/aead ids, config id, enc, payload.
        byte[] ech = Hex("0000010001" + "2a" + "0020" + new string('b', 64) + "0010" + new string('c', 32));
        byte[] bytes = Records(Handshake("public.example.net", (ExtensionEncryptedClientHello, ech)));
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.True(hello!.HasEncryptedClientHello);
        Assert.Equal("public.example.net", hello.ServerName);
    }

    [Theory]
    [InlineData("80")]                       // SSLv2-compatible hello: 2-byte header with the high bit set
    [InlineData("802e0103010015")]
    [InlineData("47")]                       // 'G' of "GET / HTTP/1.1"
    [InlineData("474554202f20485454502f312e310d0a")]
    [InlineData("00")]
    [InlineData("17030300050102030405")]     // application data first
    public void TryParse_FirstByteNotHandshake_NotTls(string hex)
    {
        Assert.Equal(ClientHelloStatus.NotTls, ClientHelloParser.TryParse(Hex(hex), Max, out ClientHello? hello, out string? error));
        Assert.Null(hello);
        Assert.Contains("0x16", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Empty_Incomplete()
    {
        Assert.Equal(ClientHelloStatus.Incomplete, ClientHelloParser.TryParse([], Max, out ClientHello? hello, out string? error));
        Assert.Null(hello);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("1602")]
    [InlineData("1600")]
    [InlineData("16feff")]
    public void TryParse_RecordVersionNot3x_Malformed(string hex)
    {
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(Hex(hex), Max, out _, out string? error));
        Assert.Contains("record version", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ZeroLengthRecord_Malformed()
    {
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(Hex("1603010000"), Max, out _, out string? error));
        Assert.Contains("empty handshake record", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x4100, ClientHelloStatus.Incomplete)]
    [InlineData(0x4101, ClientHelloStatus.Malformed)]
    [InlineData(0xFFFF, ClientHelloStatus.Malformed)]
    public void TryParse_RecordLength_BoundedBy2Pow14Plus256(int length, ClientHelloStatus expected)
    {
        byte[] header = [0x16, 0x03, 0x01, (byte)(length >> 8), (byte)length, 0x01, 0x00, 0xFF, 0x00];
        Assert.Equal(expected, ClientHelloParser.TryParse(header, Max, out _, out _));
    }

    [Theory]
    [InlineData("02")]  // server_hello
    [InlineData("00")]  // hello_request
    [InlineData("0b")]  // certificate
    public void TryParse_FirstHandshakeMessageNotClientHello_Malformed(string typeHex)
    {
        byte[] bytes = Records(Handshake("www.example.org"));
        bytes[5] = Hex(typeHex)[0];
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes.AsSpan(0, 6), Max, out _, out string? error));
        Assert.Contains("not client_hello", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HandshakeBytesAfterTheHelloInItsRecord_Malformed()
    {
        byte[] handshake = [.. Handshake("www.example.org"), 0x14, 0x00, 0x00, 0x00];
        byte[] bytes = Records(handshake);

        // Known from the record header alone, before the record is complete.
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes.AsSpan(0, 9), Max, out _, out string? error));
        Assert.Contains("more handshake bytes", error, StringComparison.Ordinal);
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(bytes, Max, out _, out _));
    }

    [Fact]
    public void TryParse_HelloWithoutExtensions_CompleteWithoutName()
    {
        byte[] bytes = Records(Handshake(extensions: null, legacyVersion: 0x0300));
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Null(hello!.ServerName);
        Assert.Empty(hello.ApplicationProtocols);
        Assert.Equal(0x0300, hello.LegacyVersion);
    }

    [Fact]
    public void TryParse_EmptyExtensionsBlock_Complete()
    {
        byte[] bytes = Records(Handshake([]));
        Assert.Equal(ClientHelloStatus.Complete, ClientHelloParser.TryParse(bytes, Max, out ClientHello? hello, out _));
        Assert.Null(hello!.ServerName);
    }

    [Theory]
    [InlineData(1, "extensions length")]  // one byte after the extensions block
    [InlineData(-1, "extensions length")] // block length one more than present
    public void TryParse_ExtensionsLengthMismatch_Malformed(int delta, string expected)
    {
        byte[] handshake = Handshake("www.example.org");
        byte[] body = delta > 0 ? [.. handshake[4..], 0x00] : handshake[4..^1];
        byte[] resized = [0x01, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(Records(resized), Max, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4 + 2, "version or random")]                     // body length cut inside random
    [InlineData(4 + 34 + 1 + 32 + 1, "cipher_suites")]          // one byte of the cipher suites length
    [InlineData(4 + 34 + 1 + 32 + 2 + 6, "compression_methods")]
    public void TryParse_BodyEndsEarly_Malformed(int cut, string expected)
    {
        byte[] handshake = Handshake("www.example.org")[..cut];
        int bodyLength = cut - 4;
        handshake[1] = (byte)(bodyLength >> 16);
        handshake[2] = (byte)(bodyLength >> 8);
        handshake[3] = (byte)bodyLength;
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(Records(handshake), Max, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SessionIdLongerThan32_Malformed()
    {
        byte[] handshake = Handshake("www.example.org");
        handshake[4 + 34] = 33;
        Assert.Equal(ClientHelloStatus.Malformed, ClientHelloParser.TryParse(Records(handshake), Max, out _, out string? error));
        Assert.Contains("legacy_session_id", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Incomplete_AllocatesNothing()
    {
        byte[] bytes = Hex(OpenSslTwoRecordsHex)[..700];
        ClientHelloParser.TryParse(bytes, Max, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            ClientHelloParser.TryParse(bytes, Max, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TryParse_HugeDeclaredLengths_AllocateOnlyWhatArrived()
    {
        // A record and a handshake that announce the maximum, followed by 10 bytes.
        byte[] bytes = [0x16, 0x03, 0x01, 0x41, 0x00, 0x01, 0x00, 0xFF, 0xFF, .. new byte[10]];
        ClientHelloParser.TryParse(bytes, 16 << 20, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ClientHelloStatus status = ClientHelloParser.TryParse(bytes, 16 << 20, out _, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ClientHelloStatus.Incomplete, status);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryParse_SeededRandomMutations_NeverThrow()
    {
        Random random = new(20240601);
        byte[][] seeds = [.. AllVectors()];
        int[] counts = new int[5];
        for (int iteration = 0; iteration < 25_000; iteration++)
        {
            byte[] input = Mutate(random, seeds[iteration % seeds.Length]);
            ClientHelloStatus status = ClientHelloParser.TryParse(input, Max, out ClientHello? hello, out string? error);
            counts[(int)status]++;
            Assert.Equal(status == ClientHelloStatus.Complete, hello is not null);
            Assert.Equal(status is ClientHelloStatus.Complete or ClientHelloStatus.Incomplete, error is null);
            if (hello is not null)
            {
                Assert.InRange(hello.RecordBytes, 9, input.Length);
                Assert.True(hello.ServerName is null || hello.ServerName.All(c => c is > ' ' and < '\u007f'));
            }
        }

        // The mutations must reach every verdict, or the test is not exercising the parser.
        Assert.All(counts, count => Assert.True(count > 0, string.Join(",", counts)));
    }

    /// <summary>Bit flips, byte overwrites (often on length fields), truncation, insertion, deletion and record re-splits.</summary>
    internal static byte[] Mutate(Random random, byte[] seed)
    {
        List<byte> bytes = [.. seed];
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    // Length fields of the first record and handshake header live here.
                    int field = random.Next(Math.Min(bytes.Count, 160));
                    bytes[field] = (byte)(random.Next(2) == 0 ? 0x00 : 0xFF);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 5:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.AddRange(Enumerable.Range(0, random.Next(16)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }

        // Keep most inputs looking like TLS so the mutations reach past the first byte.
        if (bytes.Count > 0 && random.Next(8) != 0)
        {
            bytes[0] = 0x16;
        }

        return [.. bytes];
    }

    private static IEnumerable<byte[]> AllVectors()
    {
        foreach (byte[] captured in AllCaptured())
        {
            yield return captured;
        }

        byte[] handshake = Handshake("www.example.org", (ExtensionAlpn, Alpn("h2", "http/1.1")));
        yield return Records(handshake, 1, 2, 3, 40, 5);
        yield return RecordsOf(handshake, 17);
        yield return Records(Handshake(extensions: null));
    }

    private static byte[] HandshakeWithBody(int bodyLength)
    {
        byte[] small = Handshake("www.example.org");
        int padding = bodyLength - (small.Length - 4) - 4;
        return Handshake("www.example.org", (ExtensionPadding, new byte[padding]));
    }

    private static int CountRecords(byte[] bytes)
    {
        int count = 0;
        for (int position = 0; position + 5 <= bytes.Length; position += 5 + ((bytes[position + 3] << 8) | bytes[position + 4]))
        {
            count++;
        }

        return count;
    }
}
