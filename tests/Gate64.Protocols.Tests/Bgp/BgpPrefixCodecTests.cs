using System.Net.Sockets;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpPrefixCodecTests
{
    [Theory]
    [InlineData("192.0.2.10/32", "20c000020a")]
    [InlineData("198.51.100.0/24", "18c63364")]
    [InlineData("0.0.0.0/0", "00")]
    [InlineData("203.0.113.128/25", "19cb007180")]
    [InlineData("2001:db8:ffff::/48", "3020010db8ffff")]
    [InlineData("2001:db8:10::10/128", "8020010db8001000000000000000000010")]
    [InlineData("::/0", "00")]
    public void Write_AndRead_RoundTrip(string text, string hex)
    {
        IpPrefix prefix = IpPrefix.Parse(text);
        byte[] buffer = new byte[17];

        int written = BgpPrefixCodec.Write(prefix, buffer);

        Assert.Equal(Hex(hex), buffer.AsSpan(0, written).ToArray());
        Assert.True(BgpPrefixCodec.TryRead(buffer.AsSpan(0, written), prefix.Family, out IpPrefix read, out int consumed));
        Assert.Equal(prefix, read);
        Assert.Equal(written, consumed);
    }

    [Fact]
    public void TryRead_TrailingHostBits_Masked()
    {
        Assert.True(BgpPrefixCodec.TryRead(Hex("19cb0071ff"), AddressFamily.InterNetwork, out IpPrefix prefix, out _));
        Assert.Equal(IpPrefix.Parse("203.0.113.128/25"), prefix);
    }

    [Theory]
    [InlineData("21c000020a00", AddressFamily.InterNetwork)]     // /33
    [InlineData("81" + "20010db8001000000000000000000010ff", AddressFamily.InterNetworkV6)]
    [InlineData("20c00002", AddressFamily.InterNetwork)]         // one byte short
    [InlineData("", AddressFamily.InterNetwork)]
    public void TryRead_Malformed_False(string hex, AddressFamily family)
    {
        Assert.False(BgpPrefixCodec.TryRead(Hex(hex), family, out _, out _));
    }

    [Fact]
    public void TryCount_FieldEndingMidPrefix_False()
    {
        Assert.True(BgpPrefixCodec.TryCount(Hex("20c000020a18c63364"), 32, out int count));
        Assert.Equal(2, count);
        Assert.False(BgpPrefixCodec.TryCount(Hex("20c000020a18c633"), 32, out _));
    }
}
