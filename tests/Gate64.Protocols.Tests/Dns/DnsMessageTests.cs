using System.Buffers.Binary;
using System.Net;
using Gate64.Protocols.Dns;
using static Gate64.Protocols.Tests.Dns.DnsTestData;

namespace Gate64.Protocols.Tests.Dns;

public class DnsMessageTests
{
    private static readonly DnsName s_name = DnsName.Parse("www.example.org");

    public static TheoryData<DnsRecordType, byte[]> RecordData => new()
    {
        { DnsRecordType.A, DnsRdata.FromAddress(IPAddress.Parse("192.0.2.1")).ToArray() },
        { DnsRecordType.AAAA, DnsRdata.FromAddress(IPAddress.Parse("2001:db8::1")).ToArray() },
        { DnsRecordType.CNAME, DnsRdata.FromName(DnsName.Parse("web.example.org")).ToArray() },
        { DnsRecordType.PTR, DnsRdata.FromName(DnsName.Parse("www.example.org")).ToArray() },
        { DnsRecordType.NS, DnsRdata.FromName(DnsName.Parse("ns1.example.org")).ToArray() },
        { DnsRecordType.DNAME, DnsRdata.FromName(DnsName.Parse("example.net")).ToArray() },
        { DnsRecordType.MX, DnsRdata.FromMx(10, DnsName.Parse("mail.example.org")).ToArray() },
        { DnsRecordType.SOA, DnsRdata.FromSoa(new DnsSoa(DnsName.Parse("ns1.example.org"), DnsName.Parse("h.example.org"), 1, 2, 3, 4, 5)).ToArray() },
        { DnsRecordType.TXT, DnsRdata.FromText("hello", string.Empty, "world").ToArray() },
        { DnsRecordType.SRV, [0, 1, 0, 2, 0x13, 0xC4, .. DnsName.Parse("sip.example.org").Wire] },
        { (DnsRecordType)65280, [0xC0, 0x0C, 1, 2, 3] },
        { (DnsRecordType)65280, [] },
    };

    [Theory]
    [MemberData(nameof(RecordData))]
    public void TryWrite_ResponseWithRecord_RoundTrips(DnsRecordType type, byte[] data)
    {
        DnsMessage response = DnsMessage.CreateQuery(7, s_name, type).CreateResponse();
        response.RecursionAvailable = true;
        DnsResourceRecord record = new(s_name, type, DnsClass.IN, 3600, data);
        response.Answers.Add(record);
        response.Authorities.Add(record.WithTtl(5));
        response.Additionals.Add(record.WithTtl(0xFFFFFFFF));

        DnsMessage parsed = RoundTrip(response);
        Assert.True(parsed.Answers[0].Data.Span.SequenceEqual(data));
        Assert.Equal(0xFFFFFFFFu, parsed.Additionals[0].Ttl);
    }

    [Fact]
    public void TryWrite_Query_RoundTripsAndMatchesCapturedBytes()
    {
        DnsMessage query = DnsMessage.CreateQuery(0x1234, s_name, DnsRecordType.AAAA, edns: DnsEdns.Default with { DnssecOk = true });
        byte[] bytes = Write(query);
        Assert.Equal(CapturedQueryHex, Convert.ToHexStringLower(bytes));
        RoundTrip(query);
    }

    [Fact]
    public void TryWrite_RichResponse_RoundTripsWithEdnsOptionsAndExtendedRcode()
    {
        DnsMessage response = BuildRichResponse();
        DnsMessage parsed = RoundTrip(response);
        Assert.Equal(DnsResponseCode.BadVers, parsed.ResponseCode);
        Assert.NotNull(parsed.Edns);
        Assert.True(parsed.Edns.DnssecOk);
        Assert.Equal(4096, parsed.Edns.UdpPayloadSize);
        Assert.Equal(1, parsed.Edns.ExtendedResponseCode);
        Assert.Equal("000a00080102030405060708000c0000", Convert.ToHexStringLower(parsed.Edns.Options.Span));
        Assert.DoesNotContain(parsed.Additionals, r => r.Type == DnsRecordType.OPT);

        // Header RCODE holds the low 4 bits only.
        byte[] bytes = Write(response);
        Assert.True(DnsHeader.TryRead(bytes, out DnsHeader header));
        Assert.Equal(0, header.ResponseCode);
        Assert.Equal(2, header.AdditionalCount);
    }

    [Fact]
    public void TryWrite_ExtendedRcodeWithoutEdns_ReturnsFalse()
    {
        DnsMessage response = DnsMessage.CreateQuery(1, s_name, DnsRecordType.A).CreateResponse();
        response.ResponseCode = DnsResponseCode.BadVers;
        Assert.False(response.TryWrite(new byte[512], out int written));
        Assert.Equal(0, written);

        response.Edns = DnsEdns.Default;
        Assert.True(response.TryWrite(new byte[512], out written));
        Assert.True(written > 0);
    }

    [Fact]
    public void TryWrite_OptInAdditionals_ReturnsFalse()
    {
        DnsMessage response = DnsMessage.CreateQuery(1, s_name, DnsRecordType.A).CreateResponse();
        response.Additionals.Add(new DnsResourceRecord(DnsName.Root, DnsRecordType.OPT, (DnsClass)1232, 0, ReadOnlyMemory<byte>.Empty));
        Assert.False(response.TryWrite(new byte[512], out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryWrite_EveryTooSmallDestination_ReturnsFalseWithZeroBytes()
    {
        DnsMessage response = BuildRichResponse();
        int size = Write(response).Length;
        for (int length = 0; length < size; length++)
        {
            Assert.False(response.TryWrite(new byte[length], out int written));
            Assert.Equal(0, written);
        }

        Assert.True(response.TryWrite(new byte[size], out int exact));
        Assert.Equal(size, exact);
    }

    [Fact]
    public void TryWrite_RepeatedNames_AreCompressedWithPointers()
    {
        // RFC 1035 §4.1.4 names: F.ISI.ARPA, FOO.F.ISI.ARPA, ARPA.
        DnsName fIsiArpa = DnsName.Parse("F.ISI.ARPA");
        DnsName fooFIsiArpa = DnsName.Parse("FOO.F.ISI.ARPA");
        DnsName arpa = DnsName.Parse("ARPA");
        DnsMessage response = DnsMessage.CreateQuery(1, fIsiArpa, DnsRecordType.A).CreateResponse();
        byte[] address = [10, 0, 0, 1];
        response.Answers.Add(new DnsResourceRecord(fooFIsiArpa, DnsRecordType.A, DnsClass.IN, 60, address));
        response.Answers.Add(new DnsResourceRecord(arpa, DnsRecordType.A, DnsClass.IN, 60, address));

        byte[] bytes = Write(response);
        int uncompressed = DnsHeader.Size + fIsiArpa.Wire.Length + 4 + fooFIsiArpa.Wire.Length + arpa.Wire.Length + (2 * (10 + 4));
        Assert.True(bytes.Length < uncompressed, $"{bytes.Length} >= {uncompressed}");

        // The question is F.ISI.ARPA at 12; ARPA starts at 12 + 6 = 18.
        int answer1 = DnsHeader.Size + fIsiArpa.Wire.Length + 4;
        Assert.Equal([3, (byte)'F', (byte)'O', (byte)'O', 0xC0, 12], bytes[answer1..(answer1 + 6)]);
        int answer2 = answer1 + 6 + 10 + 4;
        Assert.Equal([0xC0, 18], bytes[answer2..(answer2 + 2)]);

        DnsMessage parsed = RoundTrip(response);
        Assert.Equal("FOO.F.ISI.ARPA.", parsed.Answers[0].Name.ToString());
        Assert.Equal("ARPA.", parsed.Answers[1].Name.ToString());
    }

    [Fact]
    public void TryWrite_CaseDifferentOwner_IsCompressedAndEqual()
    {
        DnsMessage response = DnsMessage.CreateQuery(1, DnsName.Parse("WWW.example.ORG"), DnsRecordType.A).CreateResponse();
        response.Answers.Add(new DnsResourceRecord(s_name, DnsRecordType.A, DnsClass.IN, 60, new byte[] { 1, 2, 3, 4 }));
        byte[] bytes = Write(response);
        Assert.Equal(0xC0, bytes[DnsHeader.Size + s_name.Wire.Length + 4]);

        // The question keeps its case (DNS 0x20).
        Assert.Equal("WWW.example.ORG.", Parse(bytes).Questions[0].Name.ToString());
    }

    [Fact]
    public void TryWrite_MessageOver16K_KeepsPointersInRangeAndRoundTrips()
    {
        DnsName zone = DnsName.Parse("a-rather-long-zone-name.example.org");
        DnsMessage response = DnsMessage.CreateQuery(1, zone, DnsRecordType.TXT).CreateResponse();
        for (int i = 0; i < 1500; i++)
        {
            DnsName owner = DnsName.Parse($"host{i}.sub{i % 7}.a-rather-long-zone-name.example.org");
            response.Answers.Add(new DnsResourceRecord(owner, DnsRecordType.TXT, DnsClass.IN, 60, DnsRdata.FromText($"record number {i}")));
        }

        byte[] bytes = Write(response);
        Assert.True(bytes.Length > 0x4000, $"only {bytes.Length} bytes");
        RoundTrip(response);
    }

    [Fact]
    public void TryParse_CompressedSrvNaptrAndRpRdata_AreExpanded()
    {
        // Question example.org SRV at 12 (13 bytes of name); answers point back to it from inside RDATA.
        byte[] message =
        [
            0, 1, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0,
            7, .. "example"u8, 3, .. "org"u8, 0, 0, 33, 0, 1,

            // SRV 1 2 5060 sip.example.org: "sip" + pointer to 12.
            0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60, 0, 12, 0, 1, 0, 2, 0x13, 0xC4, 3, .. "sip"u8, 0xC0, 12,

            // NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.org.
            0xC0, 12, 0, 35, 0, 1, 0, 0, 0, 60, 0, 27, 0, 100, 0, 10, 1, (byte)'S', 7, .. "SIP+D2U"u8, 0, 4, .. "_sip"u8, 4, .. "_udp"u8, 0xC0, 12,

            // RP: mailbox "admin" + pointer, TXT domain is the root.
            0xC0, 12, 0, 17, 0, 1, 0, 0, 0, 60, 0, 9, 5, .. "admin"u8, 0xC0, 12, 0,
        ];

        DnsMessage parsed = Parse(message);
        Assert.Equal([0, 1, 0, 2, 0x13, 0xC4, .. DnsName.Parse("sip.example.org").Wire], parsed.Answers[0].Data.ToArray());
        Assert.Equal([0, 100, 0, 10, 1, (byte)'S', 7, .. "SIP+D2U"u8, 0, .. DnsName.Parse("_sip._udp.example.org").Wire], parsed.Answers[1].Data.ToArray());
        Assert.Equal([.. DnsName.Parse("admin.example.org").Wire, 0], parsed.Answers[2].Data.ToArray());
        RoundTrip(parsed);
    }

    [Fact]
    public void TryParse_NaptrCharacterStringPastRdata_ReturnsInvalidRdata()
    {
        byte[] message =
        [
            0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
            7, .. "example"u8, 3, .. "org"u8, 0, 0, 35, 0, 1,
            0xC0, 12, 0, 35, 0, 1, 0, 0, 0, 60, 0, 6, 0, 100, 0, 10, 9, (byte)'S',
        ];
        Assert.Equal(DnsParseError.InvalidRdata, DnsMessage.TryParse(message, out _));
    }

    [Fact]
    public void TryParse_CapturedUnboundResponses_DecodeExpectedRecords()
    {
        DnsMessage cname = Parse(Hex(CapturedResponsesHex[0]));
        Assert.Equal(0x1234, cname.Id);
        Assert.True(cname.IsResponse && cname.Authoritative && cname.RecursionDesired && cname.RecursionAvailable);
        Assert.Equal(new DnsQuestion(s_name, DnsRecordType.AAAA, DnsClass.IN), Assert.Single(cname.Questions));
        DnsResourceRecord answer = Assert.Single(cname.Answers);
        Assert.Equal(300u, answer.Ttl);
        Assert.True(DnsRdata.TryGetName(answer, out DnsName? target));
        Assert.Equal("web.example.org.", target.ToString());
        Assert.Equal(new DnsEdns(1232, 0, 0, true, ReadOnlyMemory<byte>.Empty), cname.Edns);

        DnsMessage mx = Parse(Hex(CapturedResponsesHex[1]));
        Assert.True(DnsRdata.TryGetMx(Assert.Single(mx.Answers), out ushort preference, out DnsName? exchange));
        Assert.Equal(10, preference);
        Assert.Equal("mail.example.org.", exchange.ToString());

        DnsMessage txt = Parse(Hex(CapturedResponsesHex[2]));
        Assert.Equal(DnsRdata.FromText("\"v=spf1", "-all\"", "\"second", "string\"").ToArray(), Assert.Single(txt.Answers).Data.ToArray());

        DnsMessage nxdomain = Parse(Hex(CapturedResponsesHex[3]));
        Assert.Equal(DnsResponseCode.NXDomain, nxdomain.ResponseCode);
        Assert.Empty(nxdomain.Answers);
        Assert.True(DnsRdata.TryGetSoa(Assert.Single(nxdomain.Authorities), out DnsSoa soa));
        Assert.Equal(new DnsSoa(DnsName.Parse("ns1.example.org"), DnsName.Parse("hostmaster.example.org"), 2024010101, 7200, 3600, 1209600, 300), soa);

        DnsMessage ptr = Parse(Hex(CapturedResponsesHex[4]));
        Assert.True(DnsRdata.TryGetName(Assert.Single(ptr.Answers), out DnsName? host));
        Assert.Equal("web.example.org.", host.ToString());

        DnsMessage aaaa = Parse(Hex(CapturedResponsesHex[5]));
        Assert.True(DnsRdata.TryGetAddress(Assert.Single(aaaa.Answers), out IPAddress? address));
        Assert.Equal(IPAddress.Parse("2001:db8::10"), address);
    }

    [Fact]
    public void TryParse_CapturedResponses_RoundTripAndRecompressToSameSize()
    {
        foreach (string hex in CapturedResponsesHex)
        {
            byte[] original = Hex(hex);
            DnsMessage parsed = Parse(original);
            byte[] written = Write(parsed);
            AssertEquivalent(parsed, Parse(written));

            // Names in RDATA are written uncompressed, so the output is never shorter than the input.
            Assert.True(written.Length >= original.Length);
        }
    }

    [Fact]
    public void TryParse_EveryTruncation_ReturnsError()
    {
        foreach (byte[] message in ValidMessages())
        {
            Assert.Equal(DnsParseError.None, DnsMessage.TryParse(message, out _));
            for (int length = 0; length < message.Length; length++)
            {
                Assert.NotEqual(DnsParseError.None, DnsMessage.TryParse(message.AsSpan(0, length), out DnsMessage? parsed));
                Assert.Null(parsed);
                Assert.NotEqual(DnsParseError.None, ReadAll(message.AsSpan(0, length)));
            }
        }
    }

    [Fact]
    public void TryParse_RandomMutations_NeverThrowAndSuccessesRoundTrip()
    {
        Random random = new(20240101);
        byte[][] seeds = [.. ValidMessages()];
        byte[] output = new byte[70000];
        int parsedCount = 0;
        const int Iterations = 30000;
        for (int i = 0; i < Iterations; i++)
        {
            List<byte> bytes = [.. seeds[i % seeds.Length]];
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                int position = random.Next(bytes.Count + 1);
                switch (random.Next(4))
                {
                    case 0 when position < bytes.Count:
                        bytes[position] = (byte)random.Next(256);
                        break;
                    case 1 when position < bytes.Count:
                        bytes[position] ^= (byte)(1 << random.Next(8));
                        break;
                    case 2:
                        bytes.Insert(position, (byte)random.Next(256));
                        break;
                    case 3 when position < bytes.Count:
                        bytes.RemoveAt(position);
                        break;
                }
            }

            byte[] mutated = [.. bytes];
            DnsParseError error = DnsMessage.TryParse(mutated, out DnsMessage? message);
            DnsParseError readerError = ReadAll(mutated);
            if (error != DnsParseError.None)
            {
                Assert.Null(message);
                continue;
            }

            Assert.Equal(DnsParseError.None, readerError);
            parsedCount++;
            Assert.True(message!.TryWrite(output, out int written), $"iteration {i}: {Convert.ToHexStringLower(mutated)}");
            Assert.Equal(DnsParseError.None, DnsMessage.TryParse(output.AsSpan(0, written), out DnsMessage? reparsed));
            AssertEquivalent(message, reparsed!);
        }

        // The mutations must exercise the success path too, not only rejections.
        Assert.True(parsedCount > Iterations / 20, $"only {parsedCount} mutated messages parsed");
    }

    [Fact]
    public void TryParse_HugeAnswerCount_IsRejectedBeforeAllocating()
    {
        byte[] message = Hex(CapturedQueryHex)[..30];
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), 65535);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), 0);

        DnsMessage.TryParse(message, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DnsParseError error = DnsMessage.TryParse(message, out DnsMessage? parsed);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DnsParseError.TooManyRecords, error);
        Assert.Null(parsed);
        Assert.True(allocated < 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public void TryParse_MaximalCountsInSmallMessage_AreTooManyRecords()
    {
        byte[] message = [0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0];
        Assert.Equal(DnsParseError.TooManyRecords, DnsMessage.TryParse(message, out _));
    }

    [Fact]
    public void TryParse_TrailingBytes_ReturnsTrailingBytes()
    {
        byte[] message = [.. Hex(CapturedQueryHex), 0];
        Assert.Equal(DnsParseError.TrailingBytes, DnsMessage.TryParse(message, out DnsMessage? parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void TryParse_TwoOptRecords_ReturnsInvalidOpt()
    {
        byte[] query = Hex(CapturedQueryHex);
        byte[] opt = query[^11..];
        byte[] message = [.. query, .. opt];
        message[11] = 2;
        Assert.Equal(DnsParseError.InvalidOpt, DnsMessage.TryParse(message, out _));
        Assert.Equal(DnsParseError.InvalidOpt, ReadAll(message));
    }

    [Fact]
    public void TryParse_OptWithNonRootOwner_ReturnsInvalidOpt()
    {
        byte[] query = Hex(CapturedQueryHex);
        byte[] message = [.. query[..^11], 1, (byte)'a', 0, .. query[^10..]];
        Assert.Equal(DnsParseError.InvalidOpt, DnsMessage.TryParse(message, out _));
    }

    [Fact]
    public void TryParse_OptInAnswerSection_ReturnsInvalidOpt()
    {
        byte[] message = Hex(CapturedQueryHex);
        message[7] = 1;
        message[11] = 0;
        Assert.Equal(DnsParseError.InvalidOpt, DnsMessage.TryParse(message, out _));
    }

    [Fact]
    public void TryParse_MalformedOptions_ReturnsInvalidRdata()
    {
        byte[] query = Hex(CapturedQueryHex);
        byte[] message = [.. query[..^2], 0, 3, 0, 10, 0];
        Assert.Equal(DnsParseError.InvalidRdata, DnsMessage.TryParse(message, out _));
    }

    public static TheoryData<string, DnsRecordType, byte[]> InvalidRdata => new()
    {
        { "A of 5 bytes", DnsRecordType.A, [1, 2, 3, 4, 5] },
        { "A of 3 bytes", DnsRecordType.A, [1, 2, 3] },
        { "AAAA of 4 bytes", DnsRecordType.AAAA, [1, 2, 3, 4] },
        { "CNAME with a byte after the name", DnsRecordType.CNAME, [1, (byte)'a', 0, 0] },
        { "CNAME running past the RDATA", DnsRecordType.CNAME, [1, (byte)'a'] },
        { "empty CNAME", DnsRecordType.CNAME, [] },
        { "NS with a forward pointer", DnsRecordType.NS, [0xC0, 0xFF] },
        { "PTR with a bad label type", DnsRecordType.PTR, [0x40, 0] },
        { "SOA with 19 numeric bytes", DnsRecordType.SOA, [0, 0, .. new byte[19]] },
        { "SOA with 21 numeric bytes", DnsRecordType.SOA, [0, 0, .. new byte[21]] },
        { "MX of 1 byte", DnsRecordType.MX, [0] },
        { "MX without a name", DnsRecordType.MX, [0, 10] },
        { "SRV without a name", DnsRecordType.SRV, [0, 1, 0, 2, 0, 3] },
    };

    [Theory]
    [MemberData(nameof(InvalidRdata))]
    public void TryParse_InvalidRdata_ReturnsInvalidRdata(string scenario, DnsRecordType type, byte[] data)
    {
        DnsMessage response = DnsMessage.CreateQuery(1, s_name, type).CreateResponse();
        response.Answers.Add(new DnsResourceRecord(s_name, type, DnsClass.IN, 1, data));
        byte[] bytes = Write(response);
        Assert.True(DnsParseError.InvalidRdata == DnsMessage.TryParse(bytes, out _), scenario);
        Assert.Equal(DnsParseError.InvalidRdata, ReadAll(bytes));
    }

    [Fact]
    public void TryParse_RdataLengthPastEnd_ReturnsTruncated()
    {
        byte[] message = Hex(CapturedResponsesHex[5]);

        // Answer RDLENGTH is at 12 + 21 (question) + 2 (pointer) + 8.
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(12 + 21 + 2 + 8), 200);
        Assert.Equal(DnsParseError.Truncated, DnsMessage.TryParse(message, out _));
    }

    [Fact]
    public void CreateResponse_CopiesIdentityAndQuestionsOnly()
    {
        DnsMessage query = DnsMessage.CreateQuery(42, s_name, DnsRecordType.A, recursionDesired: true, edns: DnsEdns.Default);
        query.CheckingDisabled = true;
        query.AuthenticData = true;
        DnsMessage response = query.CreateResponse();
        Assert.Equal(42, response.Id);
        Assert.True(response.IsResponse);
        Assert.True(response.RecursionDesired);
        Assert.True(response.CheckingDisabled);
        Assert.False(response.AuthenticData);
        Assert.Equal(query.Questions, response.Questions);
        Assert.NotSame(query.Questions, response.Questions);
        Assert.Null(response.Edns);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public void CreateQuery_Defaults_AreClassInAndRecursionDesired()
    {
        DnsMessage query = DnsMessage.CreateQuery(9, s_name, DnsRecordType.MX);
        Assert.Equal(DnsClass.IN, Assert.Single(query.Questions).Class);
        Assert.True(query.RecursionDesired);
        Assert.False(query.IsResponse);
        Assert.Null(query.Edns);
        Assert.False(DnsMessage.CreateQuery(9, s_name, DnsRecordType.MX, recursionDesired: false).RecursionDesired);
    }

    [Theory]
    [InlineData(DnsOpcode.Query)]
    [InlineData(DnsOpcode.Notify)]
    [InlineData(DnsOpcode.Update)]
    public void TryWrite_AllHeaderFlags_RoundTrip(DnsOpcode opcode)
    {
        DnsMessage message = new()
        {
            Id = 0xFFFF,
            IsResponse = true,
            Opcode = opcode,
            Authoritative = true,
            Truncated = true,
            RecursionDesired = true,
            RecursionAvailable = true,
            AuthenticData = true,
            CheckingDisabled = true,
            ResponseCode = DnsResponseCode.Refused,
        };
        RoundTrip(message);
        Assert.Equal(DnsHeader.Size, Write(message).Length);
    }
}
