using System.Net;
using Gate64.Protocols.Dns;

namespace Gate64.Protocols.Tests.Dns;

/// <summary>Shared vectors and helpers for the DNS codec tests.</summary>
internal static class DnsTestData
{
    /// <summary>
    /// Replies captured from unbound 1.17.1 (local-data zone example.org) to queries with EDNS, DO set.
    /// They use compression in the answers and inside CNAME, MX and SOA RDATA.
    /// </summary>
    public static readonly string[] CapturedResponsesHex =
    [
        // www.example.org AAAA -> CNAME web.example.org (RDATA "web" + pointer).
        "12348580000100010000000103777777076578616d706c65036f726700001c0001c00c000500010000012c000603776562c01000002904d0000080000000",

        // example.org MX -> 10 mail.example.org (RDATA "mail" + pointer).
        "234585800001000100000001076578616d706c65036f726700000f0001c00c000f000100000e100009000a046d61696cc00c00002904d0000080000000",

        // example.org TXT -> "v=spf1 -all" "second string" (as written by the unbound config, quotes included).
        "345685800001000100000001076578616d706c65036f72670000100001c00c0010000100000e10001e0722763d73706631052d616c6c2207227365636f6e6407737472696e672200002904d0000080000000",

        // nope.example.org A -> NXDOMAIN with the SOA in the authority section.
        "456785830001000000010001046e6f7065076578616d706c65036f72670000010001c011000600010000012c0027036e7331c0110a686f73746d6173746572c01178a3f17500001c2000000e10001275000000012c00002904d0000080000000",

        // 10.2.0.192.in-addr.arpa PTR -> web.example.org.
        "567885800001000100000001023130013201300331393207696e2d61646472046172706100000c0001c00c000c00010000012c001103776562076578616d706c65036f72670000002904d0000080000000",

        // web.example.org AAAA -> 2001:db8::10.
        "67898580000100010000000103776562076578616d706c65036f726700001c0001c00c001c00010000012c001020010db800000000000000000000001000002904d0000080000000",

        // example.org SOA.
        "789a85800001000100000001076578616d706c65036f72670000060001c00c0006000100000e100027036e7331c00c0a686f73746d6173746572c00c78a3f17500001c2000000e10001275000000012c00002904d0000080000000",
    ];

    /// <summary>The query unbound answered with the first captured response: www.example.org AAAA, RD, EDNS 1232 with DO.</summary>
    public const string CapturedQueryHex = "12340100000100000000000103777777076578616d706c65036f726700001c000100002904d0000080000000";

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static IEnumerable<byte[]> ValidMessages()
    {
        foreach (string hex in CapturedResponsesHex)
        {
            yield return Hex(hex);
        }

        yield return Hex(CapturedQueryHex);
        yield return Write(BuildRichResponse());
    }

    /// <summary>A response with every kind of record the codec knows, EDNS with options and an extended RCODE.</summary>
    public static DnsMessage BuildRichResponse()
    {
        DnsName owner = DnsName.Parse("www.Example.org");
        DnsName zone = DnsName.Parse("example.org");
        DnsMessage query = DnsMessage.CreateQuery(0xBEEF, owner, DnsRecordType.AAAA, edns: DnsEdns.Default);
        DnsMessage response = query.CreateResponse();
        response.Authoritative = true;
        response.RecursionAvailable = true;
        response.AuthenticData = true;
        response.ResponseCode = DnsResponseCode.BadVers;
        response.Answers.Add(new DnsResourceRecord(owner, DnsRecordType.CNAME, DnsClass.IN, 300, DnsRdata.FromName(DnsName.Parse("web.example.org"))));
        response.Answers.Add(new DnsResourceRecord(DnsName.Parse("web.example.org"), DnsRecordType.AAAA, DnsClass.IN, 300, DnsRdata.FromAddress(IPAddress.Parse("2001:db8::10"))));
        response.Answers.Add(new DnsResourceRecord(DnsName.Parse("web.example.org"), DnsRecordType.A, DnsClass.IN, 300, DnsRdata.FromAddress(IPAddress.Parse("192.0.2.10"))));
        response.Answers.Add(new DnsResourceRecord(zone, DnsRecordType.MX, DnsClass.IN, 3600, DnsRdata.FromMx(10, DnsName.Parse("mail.example.org"))));
        response.Answers.Add(new DnsResourceRecord(zone, DnsRecordType.TXT, DnsClass.IN, 3600, DnsRdata.FromText("v=spf1 -all", "second")));
        response.Answers.Add(new DnsResourceRecord(DnsName.Parse("10.2.0.192.in-addr.arpa"), DnsRecordType.PTR, DnsClass.IN, 60, DnsRdata.FromName(owner)));
        response.Answers.Add(new DnsResourceRecord(zone, (DnsRecordType)65280, (DnsClass)65280, 1, new byte[] { 0xC0, 0x0C, 0xFF, 0x00 }));
        response.Authorities.Add(new DnsResourceRecord(zone, DnsRecordType.SOA, DnsClass.IN, 3600, DnsRdata.FromSoa(new DnsSoa(DnsName.Parse("ns1.example.org"), DnsName.Parse("hostmaster.example.org"), 2024010101, 7200, 3600, 1209600, 300))));
        response.Authorities.Add(new DnsResourceRecord(zone, DnsRecordType.NS, DnsClass.IN, 3600, DnsRdata.FromName(DnsName.Parse("ns1.example.org"))));
        response.Additionals.Add(new DnsResourceRecord(DnsName.Parse("ns1.example.org"), DnsRecordType.A, DnsClass.IN, 3600, DnsRdata.FromAddress(IPAddress.Parse("192.0.2.53"))));

        // Options: a cookie (10) and padding (12).
        response.Edns = new DnsEdns(4096, 1, 0, true, Hex("000a00080102030405060708000c0000"));
        return response;
    }

    public static byte[] Write(DnsMessage message)
    {
        byte[] buffer = new byte[70000];
        Assert.True(message.TryWrite(buffer, out int written));
        return buffer[..written];
    }

    public static DnsMessage Parse(ReadOnlySpan<byte> data)
    {
        DnsParseError error = DnsMessage.TryParse(data, out DnsMessage? message);
        Assert.Equal(DnsParseError.None, error);
        Assert.NotNull(message);
        return message;
    }

    public static DnsMessage RoundTrip(DnsMessage message)
    {
        DnsMessage parsed = Parse(Write(message));
        AssertEquivalent(message, parsed);
        return parsed;
    }

    public static void AssertEquivalent(DnsMessage expected, DnsMessage actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.IsResponse, actual.IsResponse);
        Assert.Equal(expected.Opcode, actual.Opcode);
        Assert.Equal(expected.Authoritative, actual.Authoritative);
        Assert.Equal(expected.Truncated, actual.Truncated);
        Assert.Equal(expected.RecursionDesired, actual.RecursionDesired);
        Assert.Equal(expected.RecursionAvailable, actual.RecursionAvailable);
        Assert.Equal(expected.AuthenticData, actual.AuthenticData);
        Assert.Equal(expected.CheckingDisabled, actual.CheckingDisabled);
        Assert.Equal(expected.ResponseCode, actual.ResponseCode);
        Assert.Equal(expected.Questions, actual.Questions);
        Assert.Equal(expected.Answers, actual.Answers);
        Assert.Equal(expected.Authorities, actual.Authorities);
        Assert.Equal(expected.Additionals, actual.Additionals);
        if (expected.Edns is null)
        {
            Assert.Null(actual.Edns);
        }
        else
        {
            Assert.NotNull(actual.Edns);
            Assert.Equal(expected.Edns with { ExtendedResponseCode = (byte)((int)expected.ResponseCode >> 4) }, actual.Edns);
        }
    }

    /// <summary>Walks a message with <see cref="DnsMessageReader"/> until the counts are exhausted or an error occurs.</summary>
    public static DnsParseError ReadAll(ReadOnlySpan<byte> data)
    {
        DnsMessageReader reader = new(data);
        DnsParseError error = reader.TryReadHeader(out DnsHeader header);
        if (error != DnsParseError.None)
        {
            return error;
        }

        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < header.QuestionCount; i++)
        {
            error = reader.TryReadQuestion(name, out _, out _, out _);
            if (error != DnsParseError.None)
            {
                return error;
            }
        }

        int records = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        for (int i = 0; i < records; i++)
        {
            error = (i % 2 == 0) ? reader.TryReadRecord(name, out _, out _, out _, out _, out _, out _, out _) : reader.TrySkipRecord();
            if (error != DnsParseError.None)
            {
                return error;
            }
        }

        return reader.Position == data.Length ? DnsParseError.None : DnsParseError.TrailingBytes;
    }
}
