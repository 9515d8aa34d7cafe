using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Gate64.Protocols.ProxyProtocol;

namespace Gate64.Protocols.Tests.ProxyProtocol;

public class ProxyProtocolWriterTests
{
    /// <summary>
    /// proxy-protocol.txt §2.1, as a strict receiver reads it: exactly one space between fields, dotted decimal without
    /// heading zeroes, ports without heading zeroes, CRLF.
    /// </summary>
    private static readonly Regex s_v1Line = new(
        @"^PROXY (?:UNKNOWN|(?:TCP4 (?<src>(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)) (?<dst>(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))|TCP6 (?<src>[0-9a-fA-F:.]{2,39}) (?<dst>[0-9a-fA-F:.]{2,39})) (?<sport>0|[1-9]\d{0,4}) (?<dport>0|[1-9]\d{0,4}))\r\n$",
        RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("192.0.2.1", 56324, "198.51.100.1", 443, "PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n")]
    [InlineData("192.168.0.1", 56324, "192.168.0.11", 443, "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n")]   // the spec's example
    [InlineData("255.255.255.255", 65535, "255.255.255.255", 65535, "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n")]
    [InlineData("0.0.0.0", 0, "10.0.0.1", 80, "PROXY TCP4 0.0.0.0 10.0.0.1 0 80\r\n")]
    [InlineData("2001:db8::1", 56324, "2001:db8::2", 443, "PROXY TCP6 2001:db8::1 2001:db8::2 56324 443\r\n")]
    [InlineData("2001:DB8:0:0:0:0:0:1", 1, "::1", 2, "PROXY TCP6 2001:db8::1 ::1 1 2\r\n")]
    [InlineData("::ffff:192.0.2.1", 56324, "::ffff:198.51.100.1", 443, "PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n")]   // dual-mode listener
    [InlineData("::ffff:192.0.2.1", 56324, "198.51.100.1", 443, "PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n")]
    [InlineData("fe80::1%2", 56324, "fe80::2%2", 443, "PROXY TCP6 fe80::1 fe80::2 56324 443\r\n")]
    [InlineData("192.0.2.1", 56324, "2001:db8::2", 443, "PROXY UNKNOWN\r\n")]
    [InlineData("2001:db8::1", 56324, "198.51.100.1", 443, "PROXY UNKNOWN\r\n")]
    public void WriteV1_Endpoints_ExactLine(string source, int sourcePort, string destination, int destinationPort, string expected)
    {
        Span<byte> buffer = stackalloc byte[ProxyProtocolWriter.MaxV1Length];
        int written = ProxyProtocolWriter.WriteV1(buffer, Endpoint(source, sourcePort), Endpoint(destination, destinationPort));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
        Assert.Matches(s_v1Line, expected);
    }

    [Fact]
    public void WriteV1_LongestIpv6Line_Is104Bytes()
    {
        // §2.1: "TCP/IPv6 : ... => 104 chars"; the writer never needs the 107 of the UNKNOWN worst case.
        IPEndPoint endpoint = Endpoint("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535);
        byte[] buffer = new byte[ProxyProtocolWriter.MaxV1Length];
        int written = ProxyProtocolWriter.WriteV1(buffer, endpoint, endpoint);
        Assert.Equal(104, written);
        Assert.Equal(107, ProxyProtocolWriter.MaxV1Length);
    }

    [Fact]
    public void WriteV1_RandomEndpoints_ParseBack()
    {
        Random random = new(7);
        byte[] buffer = new byte[ProxyProtocolWriter.MaxV1Length];
        for (int i = 0; i < 2000; i++)
        {
            bool v6 = random.Next(2) == 0;
            IPEndPoint source = RandomEndpoint(random, v6);
            IPEndPoint destination = RandomEndpoint(random, v6);
            int written = ProxyProtocolWriter.WriteV1(buffer, source, destination);
            string line = Encoding.ASCII.GetString(buffer, 0, written);

            Match match = s_v1Line.Match(line);
            Assert.True(match.Success, line);
            Assert.Equal(source, new IPEndPoint(IPAddress.Parse(match.Groups["src"].Value), int.Parse(match.Groups["sport"].Value)));
            Assert.Equal(destination, new IPEndPoint(IPAddress.Parse(match.Groups["dst"].Value), int.Parse(match.Groups["dport"].Value)));
        }
    }

    [Fact]
    public void WriteV1_BufferTooShort_Throws()
    {
        IPEndPoint source = Endpoint("192.0.2.1", 56324);
        IPEndPoint destination = Endpoint("198.51.100.1", 443);
        byte[] exact = new byte[45];
        Assert.Equal(45, ProxyProtocolWriter.WriteV1(exact, source, destination));
        Assert.Throws<ArgumentException>(() => ProxyProtocolWriter.WriteV1(new byte[44], source, destination));
    }

    [Theory]
    [InlineData("192.0.2.1", 56324, "198.51.100.1", 443, null,
        "0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "c0000201" + "c6336401" + "dc04" + "01bb")]
    [InlineData("192.0.2.1", 56324, "198.51.100.1", 443, "www.example.org",
        "0d0a0d0a000d0a515549540a" + "21" + "11" + "001e" + "c0000201" + "c6336401" + "dc04" + "01bb" + "02" + "000f" + "7777772e6578616d706c652e6f7267")]
    [InlineData("2001:db8::1", 56324, "2001:db8::2", 443, null,
        "0d0a0d0a000d0a515549540a" + "21" + "21" + "0024" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "dc04" + "01bb")]
    [InlineData("2001:db8::1", 56324, "2001:db8::2", 443, "a.example",
        "0d0a0d0a000d0a515549540a" + "21" + "21" + "0030" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "dc04" + "01bb" + "02" + "0009" + "612e6578616d706c65")]
    [InlineData("192.0.2.1", 56324, "2001:db8::2", 443, null,
        "0d0a0d0a000d0a515549540a" + "21" + "00" + "0000")]
    [InlineData("192.0.2.1", 56324, "2001:db8::2", 443, "a.example",
        "0d0a0d0a000d0a515549540a" + "21" + "00" + "000c" + "02" + "0009" + "612e6578616d706c65")]
    [InlineData("::ffff:192.0.2.1", 56324, "::ffff:198.51.100.1", 443, "",
        "0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "c0000201" + "c6336401" + "dc04" + "01bb")]
    public void WriteV2_Endpoints_ExactBytes(string source, int sourcePort, string destination, int destinationPort, string? authority, string expectedHex)
    {
        // Layout from proxy-protocol.txt §2.2: 12-byte signature, 0x21 = version 2 | PROXY, 0x11 TCP over IPv4 /
        // 0x21 TCP over IPv6 / 0x00 UNSPEC, length of what follows, addresses, ports, then PP2_TYPE_AUTHORITY (0x02) TLV.
        Span<byte> buffer = stackalloc byte[ProxyProtocolWriter.MaxV2Length];
        int written = ProxyProtocolWriter.WriteV2(buffer, Endpoint(source, sourcePort), Endpoint(destination, destinationPort), authority);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(buffer[..written]));
    }

    [Fact]
    public void WriteV2_SameEndpointsAsHaproxyCapture_SameBytes()
    {
        // HAProxy's send-proxy-v2 output for 172.19.0.1:42578 -> 172.19.0.3:80, as published in the
        // seriousben/experiment-proxy-protocol README (netcat hex dump).
        byte[] buffer = new byte[ProxyProtocolWriter.MaxV2Length];
        int written = ProxyProtocolWriter.WriteV2(buffer, Endpoint("172.19.0.1", 42578), Endpoint("172.19.0.3", 80));
        Assert.Equal("0d0a0d0a000d0a515549540a2111000cac130001ac130003a6520050", Convert.ToHexStringLower(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void WriteV2_Signature_MatchesSpec()
    {
        Assert.Equal("0d0a0d0a000d0a515549540a", Convert.ToHexStringLower(ProxyProtocolWriter.V2Signature));
        Assert.True(ProxyProtocolWriter.V2Signature.SequenceEqual(ProxyV2Reader.Signature));
    }

    [Theory]
    [InlineData("192.0.2.1", "198.51.100.1", null, 0x11)]
    [InlineData("192.0.2.1", "198.51.100.1", "www.example.org", 0x11)]
    [InlineData("2001:db8::1", "2001:db8::2", null, 0x21)]
    [InlineData("2001:db8::1", "2001:db8::2", "xn--bcher-kva.example", 0x21)]
    [InlineData("192.0.2.1", "2001:db8::2", "www.example.org", 0x00)]
    public void WriteV2_ParsedBack_LengthsAndFieldsAgree(string source, string destination, string? authority, int familyAndProtocol)
    {
        byte[] buffer = new byte[ProxyProtocolWriter.MaxV2Length + 10];
        IPEndPoint sourceEndpoint = Endpoint(source, 40000);
        IPEndPoint destinationEndpoint = Endpoint(destination, 443);
        int written = ProxyProtocolWriter.WriteV2(buffer, sourceEndpoint, destinationEndpoint, authority);

        ProxyV2Header header = ProxyV2Reader.Read(buffer.AsSpan(0, written));
        Assert.Equal(written, header.Length);
        Assert.Equal(1, header.Command);
        Assert.Equal(familyAndProtocol, header.FamilyAndProtocol);
        if (familyAndProtocol == 0x00)
        {
            Assert.Null(header.Source);
        }
        else
        {
            Assert.Equal(sourceEndpoint, header.Source);
            Assert.Equal(destinationEndpoint, header.Destination);
        }

        if (authority is null)
        {
            Assert.Empty(header.Tlvs);
        }
        else
        {
            (byte type, byte[] value) = Assert.Single(header.Tlvs);
            Assert.Equal(0x02, type);
            Assert.Equal(authority, Encoding.UTF8.GetString(value));
        }
    }

    [Fact]
    public void WriteV2_RandomEndpointsAndAuthorities_ParseBack()
    {
        Random random = new(11);
        byte[] buffer = new byte[ProxyProtocolWriter.MaxV2Length];
        for (int i = 0; i < 2000; i++)
        {
            bool v6 = random.Next(2) == 0;
            IPEndPoint source = RandomEndpoint(random, v6);
            IPEndPoint destination = RandomEndpoint(random, v6);
            string? authority = random.Next(3) == 0 ? null : new string('a', random.Next(1, ProxyProtocolWriter.MaxAuthorityLength + 1));
            int written = ProxyProtocolWriter.WriteV2(buffer, source, destination, authority);

            ProxyV2Header header = ProxyV2Reader.Read(buffer.AsSpan(0, written));
            Assert.Equal(written, header.Length);
            Assert.Equal(source, header.Source);
            Assert.Equal(destination, header.Destination);
            Assert.Equal(authority is null ? 0 : 1, header.Tlvs.Count);
            Assert.True(written <= ProxyProtocolWriter.MaxV2Length);
        }
    }

    [Fact]
    public void WriteV2_LongestHeader_IsMaxV2Length()
    {
        IPEndPoint endpoint = Endpoint("2001:db8::1", 443);
        string authority = new('a', ProxyProtocolWriter.MaxAuthorityLength);
        byte[] buffer = new byte[ProxyProtocolWriter.MaxV2Length];
        Assert.Equal(310, ProxyProtocolWriter.WriteV2(buffer, endpoint, endpoint, authority));
        Assert.Equal(16 + 36 + 3 + 255, ProxyProtocolWriter.MaxV2Length);

        // The spec's bound for a whole header is the smallest TCP segment every host must accept.
        Assert.True(ProxyProtocolWriter.MaxV2Length <= 536);
    }

    [Fact]
    public void WriteV2_AuthorityOver255Bytes_Throws()
    {
        IPEndPoint endpoint = Endpoint("192.0.2.1", 443);
        byte[] buffer = new byte[1024];
        Assert.Throws<ArgumentException>(() => ProxyProtocolWriter.WriteV2(buffer, endpoint, endpoint, new string('a', 256)));

        // The limit counts UTF-8 bytes, not characters.
        Assert.Throws<ArgumentException>(() => ProxyProtocolWriter.WriteV2(buffer, endpoint, endpoint, new string('ü', 128)));
        Assert.Equal(16 + 12 + 3 + 254, ProxyProtocolWriter.WriteV2(buffer, endpoint, endpoint, new string('ü', 127)));
    }

    [Fact]
    public void WriteV2_BufferTooShort_Throws()
    {
        IPEndPoint source = Endpoint("192.0.2.1", 56324);
        IPEndPoint destination = Endpoint("198.51.100.1", 443);
        Assert.Equal(28, ProxyProtocolWriter.WriteV2(new byte[28], source, destination));
        Assert.Throws<ArgumentException>(() => ProxyProtocolWriter.WriteV2(new byte[27], source, destination));
        Assert.Throws<ArgumentException>(() => ProxyProtocolWriter.WriteV2(new byte[40], source, destination, "www.example.org"));
    }

    private static IPEndPoint Endpoint(string address, int port) => new(IPAddress.Parse(address), port);

    private static IPEndPoint RandomEndpoint(Random random, bool v6)
    {
        byte[] bytes = new byte[v6 ? 16 : 4];
        random.NextBytes(bytes);
        if (v6 && random.Next(2) == 0)
        {
            // Runs of zeroes exercise the "::" compression.
            Array.Clear(bytes, 2 + random.Next(6), random.Next(8));
        }

        if (v6 && bytes.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xFF && bytes[11] == 0xFF)
        {
            bytes[0] = 0x20;   // not IPv4-mapped: that family is rewritten to TCP4
        }

        return new IPEndPoint(new IPAddress(bytes), random.Next(65536));
    }
}
