using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpUpdateWriterTests
{
    private static readonly BgpRouteAttributes s_labAttributes = new()
    {
        Origin = BgpOrigin.Igp,
        AsPath = [65001],
        Communities = [0xFDE90064],
        LargeCommunities = [new BgpLargeCommunity(65001, 1, 2)],
    };

    private static readonly BgpRouteAttributes s_plainAttributes = new() { AsPath = [65001] };

    private readonly BgpUpdateWriter _writer = new();
    private readonly byte[] _buffer = new byte[BgpUpdateWriter.MinDestinationLength];

    [Fact]
    public void WriteIpv4Announce_LabInputs_AttributesInTypeOrder()
    {
        int length = _writer.WriteIpv4Announce(s_labAttributes, IPAddress.Parse("10.255.0.2"), [IpPrefix.Parse("192.0.2.10/32")], _buffer, out int written);

        Assert.Equal(1, written);
        Assert.Equal(Hex(Announce4), _buffer.AsSpan(0, length).ToArray());
        AssertSameUpToAttributeOrder(Hex(LabAnnounce4), _buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void WriteIpv6Announce_32ByteNextHop_MpReachFirst()
    {
        int length = _writer.WriteIpv6Announce(
            s_labAttributes, IPAddress.Parse("fd00:255::2"), IPAddress.Parse("fe80::44e4:dcff:feb9:ccf5"), [IpPrefix.Parse("2001:db8:10::10/128")], _buffer, out int written);

        Assert.Equal(1, written);
        Assert.Equal(Hex(Announce6Long), _buffer.AsSpan(0, length).ToArray());
        AssertSameUpToAttributeOrder(Hex(LabAnnounce6Long), _buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void WriteIpv6Announce_16ByteNextHop_MpReachFirst()
    {
        int length = _writer.WriteIpv6Announce(s_labAttributes, IPAddress.Parse("fd00:255::2"), null, [IpPrefix.Parse("2001:db8:10::10/128")], _buffer, out _);

        Assert.Equal(Hex(Announce6Short), _buffer.AsSpan(0, length).ToArray());
        AssertSameUpToAttributeOrder(Hex(LabAnnounce6Short), _buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void WriteWithdraw_Ipv4_MatchesCapture()
    {
        int length = _writer.WriteWithdraw(BgpAddressFamily.Ipv4Unicast, [IpPrefix.Parse("192.0.2.10/32")], _buffer, out int written);

        Assert.Equal(1, written);
        Assert.Equal(Hex(Withdraw4), _buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void WriteWithdraw_Ipv6_MatchesCapture()
    {
        int length = _writer.WriteWithdraw(BgpAddressFamily.Ipv6Unicast, [IpPrefix.Parse("2001:db8:10::10/128")], _buffer, out int written);

        Assert.Equal(1, written);
        Assert.Equal(Hex(Withdraw6), _buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void WriteEndOfRib_BothFamilies_MatchCaptures()
    {
        int length = _writer.WriteEndOfRib(BgpAddressFamily.Ipv4Unicast, _buffer);
        Assert.Equal(Hex(EndOfRib4), _buffer.AsSpan(0, length).ToArray());

        length = _writer.WriteEndOfRib(BgpAddressFamily.Ipv6Unicast, _buffer);
        Assert.Equal(Hex(EndOfRib6), _buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void WriteIpv4Announce_MedAndEmptyAsPath_ReadBackValid()
    {
        BgpRouteAttributes attributes = new() { Origin = BgpOrigin.Incomplete, MultiExitDiscriminator = 50 };

        int length = _writer.WriteIpv4Announce(attributes, IPAddress.Parse("192.0.2.1"), [IpPrefix.Parse("198.51.100.0/24")], _buffer, out _);

        (_, List<byte[]> attrs, byte[] nlri) = Split(_buffer[..length]);
        Assert.Equal(["40010102", "400200", "400304c0000201", "80040400000032"], attrs.Select(Convert.ToHexStringLower));
        Assert.Equal(Hex("18c63364"), nlri);
        BgpUpdateParseResult result = BgpUpdateReader.Parse(_buffer.AsSpan(0, length));
        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Equal(1, result.Ipv4Announced);
    }

    [Fact]
    public void WriteIpv6Announce_LongAttributes_ExtendedLengthWhereNeeded()
    {
        BgpRouteAttributes attributes = new()
        {
            AsPath = Enumerable.Range(1, 300).Select(i => (uint)(4_200_000_000 + i)).ToArray(),
            Communities = Enumerable.Range(0, 100).Select(i => (uint)(0xFDE90000 + i)).ToArray(),
            LargeCommunities = Enumerable.Range(0, 30).Select(i => new BgpLargeCommunity(65001, (uint)i, 7)).ToArray(),
        };

        int length = _writer.WriteIpv6Announce(attributes, IPAddress.Parse("2001:db8::1"), null, [IpPrefix.Parse("2001:db8:1::/48")], _buffer, out _);

        (_, List<byte[]> attrs, _) = Split(_buffer[..length]);
        Assert.Equal([0x80, 0x40, 0x50, 0xD0, 0xD0], attrs.Select(a => a[0]));   // MP_REACH short, ORIGIN, AS_PATH/COMMUNITIES/LARGE extended
        byte[] asPath = attrs[2];
        Assert.Equal(2 + (255 * 4) + 2 + (45 * 4), BinaryPrimitives.ReadUInt16BigEndian(asPath.AsSpan(2)));
        Assert.Equal([2, 255], asPath.AsSpan(4, 2).ToArray());
        Assert.Equal([2, 45], asPath.AsSpan(4 + 2 + (255 * 4), 2).ToArray());
        BgpUpdateParseResult result = BgpUpdateReader.Parse(_buffer.AsSpan(0, length));
        Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
        Assert.Equal(1, result.Ipv6Announced);
    }

    [Fact]
    public void Announce_TenThousandHostRoutes_PackedInFullMessagesThatReadBack()
    {
        IpPrefix[] v4 = Enumerable.Range(0, 10_000).Select(i => IpPrefix.Create(V4(i), 32)).ToArray();
        IpPrefix[] v6 = Enumerable.Range(0, 10_000).Select(i => IpPrefix.Create(V6(i), 128)).ToArray();

        List<IpPrefix> readV4 = Pack(v4, (rest, buffer) => (_writer.WriteIpv4Announce(s_labAttributes, IPAddress.Parse("10.255.0.2"), rest, buffer, out int n), n), 5, r => r.Ipv4Announced);
        List<IpPrefix> readV6 = Pack(v6, (rest, buffer) => (_writer.WriteIpv6Announce(s_labAttributes, IPAddress.Parse("fd00:255::2"), IPAddress.Parse("fe80::1"), rest, buffer, out int n), n), 17, r => r.Ipv6Announced);

        Assert.Equal(v4, readV4);
        Assert.Equal(v6, readV6);
    }

    [Fact]
    public void Withdraw_TenThousandHostRoutes_PackedAndReadBack()
    {
        IpPrefix[] v4 = Enumerable.Range(0, 10_000).Select(i => IpPrefix.Create(V4(i), 32)).ToArray();
        IpPrefix[] v6 = Enumerable.Range(0, 10_000).Select(i => IpPrefix.Create(V6(i), 128)).ToArray();

        List<IpPrefix> readV4 = Pack(v4, (rest, buffer) => (_writer.WriteWithdraw(BgpAddressFamily.Ipv4Unicast, rest, buffer, out int n), n), 5, r => r.Ipv4Withdrawn);
        List<IpPrefix> readV6 = Pack(v6, (rest, buffer) => (_writer.WriteWithdraw(BgpAddressFamily.Ipv6Unicast, rest, buffer, out int n), n), 17, r => r.Ipv6Withdrawn);

        Assert.Equal(v4, readV4);
        Assert.Equal(v6, readV6);
    }

    [Fact]
    public void Announce_NoPrefixes_WritesNothing()
    {
        Assert.Equal(0, _writer.WriteIpv4Announce(s_plainAttributes, IPAddress.Parse("192.0.2.1"), [], _buffer, out int written));
        Assert.Equal(0, written);
        Assert.Equal(0, _writer.WriteWithdraw(BgpAddressFamily.Ipv6Unicast, [], _buffer, out _));
    }

    [Fact]
    public void Write_WrongInputs_Throw()
    {
        IpPrefix[] v4 = [IpPrefix.Parse("192.0.2.0/24")];
        IpPrefix[] v6 = [IpPrefix.Parse("2001:db8::/32")];
        IPAddress v4NextHop = IPAddress.Parse("192.0.2.1");
        IPAddress v6NextHop = IPAddress.Parse("2001:db8::1");

        Assert.Throws<ArgumentException>(() => _writer.WriteIpv4Announce(s_plainAttributes, v4NextHop, v6, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteIpv4Announce(s_plainAttributes, v6NextHop, v4, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteIpv6Announce(s_plainAttributes, v6NextHop, null, v4, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteIpv6Announce(s_plainAttributes, v4NextHop, null, v6, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteIpv6Announce(s_plainAttributes, v6NextHop, v4NextHop, v6, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteWithdraw(BgpAddressFamily.Ipv4Unicast, v6, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteWithdraw(new BgpAddressFamily(25, 70), v4, _buffer, out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteIpv4Announce(s_plainAttributes, v4NextHop, v4, new byte[4095], out _));
        Assert.Throws<ArgumentException>(() => _writer.WriteEndOfRib(BgpAddressFamily.Ipv4Unicast, new byte[100]));
    }

    [Fact]
    public void WriteIpv4Announce_AttributesTooLargeForAnyPrefix_Throws()
    {
        BgpRouteAttributes huge = new() { Communities = new uint[1100] };

        Assert.Throws<ArgumentException>(() => _writer.WriteIpv4Announce(huge, IPAddress.Parse("192.0.2.1"), [IpPrefix.Parse("192.0.2.0/24")], _buffer, out _));
    }

    private static IPAddress V4(int i)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x0A000000 + i);
        return new IPAddress(bytes);
    }

    private static IPAddress V6(int i)
    {
        byte[] bytes = Hex("20010db8000a00000000000000000000");
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), i);
        return new IPAddress(bytes);
    }

    /// <summary>
    /// Writes every prefix through <paramref name="write"/>, checks each message is at most 4096 bytes and full (no
    /// room for one more prefix of <paramref name="prefixBytes"/> unless it is the last), parses each with the reader
    /// and decodes its prefixes, which are returned in order.
    /// </summary>
    private static List<IpPrefix> Pack(IpPrefix[] prefixes, Func<IpPrefix[], byte[], (int Length, int Written)> write, int prefixBytes, Func<BgpUpdateParseResult, int> count)
    {
        List<IpPrefix> read = [];
        int offset = 0;
        int messages = 0;
        while (offset < prefixes.Length)
        {
            byte[] buffer = new byte[4096];
            (int length, int written) = write(prefixes[offset..], buffer);
            Assert.InRange(written, 1, prefixes.Length - offset);
            Assert.InRange(length, 23, 4096);
            offset += written;
            if (offset < prefixes.Length)
            {
                Assert.True(length > 4096 - prefixBytes, $"message {messages} is {length} bytes: another prefix would have fit");
            }

            BgpUpdateParseResult result = BgpUpdateReader.Parse(buffer.AsSpan(0, length));
            Assert.Equal(BgpUpdateOutcome.Valid, result.Outcome);
            Assert.Equal(written, count(result));
            read.AddRange(DecodePrefixes(buffer[..length]));
            messages++;
        }

        Assert.True(messages >= prefixes.Length * prefixBytes / 4096);
        return read;
    }

    private static IEnumerable<IpPrefix> DecodePrefixes(byte[] update)
    {
        (byte[] withdrawn, List<byte[]> attributes, byte[] nlri) = Split(update);
        List<(byte[] Field, AddressFamily Family)> fields = [(withdrawn, AddressFamily.InterNetwork), (nlri, AddressFamily.InterNetwork)];
        foreach (byte[] attribute in attributes)
        {
            int headerLength = (attribute[0] & 0x10) != 0 ? 4 : 3;
            if (attribute[1] == 14)
            {
                int nextHopLength = attribute[headerLength + 3];
                fields.Add((attribute[(headerLength + 5 + nextHopLength)..], AddressFamily.InterNetworkV6));
            }
            else if (attribute[1] == 15)
            {
                fields.Add((attribute[(headerLength + 3)..], AddressFamily.InterNetworkV6));
            }
        }

        List<IpPrefix> prefixes = [];
        foreach ((byte[] field, AddressFamily family) in fields)
        {
            int offset = 0;
            while (offset < field.Length)
            {
                Assert.True(BgpPrefixCodec.TryRead(field.AsSpan(offset), family, out IpPrefix prefix, out int consumed));
                prefixes.Add(prefix);
                offset += consumed;
            }
        }

        return prefixes;
    }

    private static void AssertSameUpToAttributeOrder(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected.AsSpan(0, 23).ToArray(), actual.AsSpan(0, 23).ToArray());
        (byte[] expectedWithdrawn, List<byte[]> expectedAttributes, byte[] expectedNlri) = Split(expected);
        (byte[] actualWithdrawn, List<byte[]> actualAttributes, byte[] actualNlri) = Split(actual);
        Assert.Equal(expectedWithdrawn, actualWithdrawn);
        Assert.Equal(expectedNlri, actualNlri);
        Assert.Equal(
            expectedAttributes.Select(Convert.ToHexStringLower).Order(),
            actualAttributes.Select(Convert.ToHexStringLower).Order());
    }
}
