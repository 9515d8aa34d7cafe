using Gate64.Protocols.Bgp;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpRouteRefreshCodecTests
{
    [Fact]
    public void TryParse_BirdCapture_Ipv4Unicast()
    {
        Assert.True(BgpRouteRefreshCodec.TryParse(Hex(BirdRouteRefresh), out BgpAddressFamily family, out byte subtype));

        Assert.Equal(BgpAddressFamily.Ipv4Unicast, family);
        Assert.Equal(0, subtype);
    }

    [Fact]
    public void Write_Ipv4Unicast_MatchesBirdCapture()
    {
        byte[] buffer = new byte[BgpRouteRefreshCodec.Length];

        Assert.Equal(23, BgpRouteRefreshCodec.Write(BgpAddressFamily.Ipv4Unicast, buffer));
        Assert.Equal(Hex(BirdRouteRefresh), buffer);
    }

    [Fact]
    public void TryParse_Ipv6EndOfRouteRefresh_SubtypeTwo()
    {
        byte[] buffer = new byte[BgpRouteRefreshCodec.Length];
        BgpRouteRefreshCodec.Write(BgpAddressFamily.Ipv6Unicast, buffer, BgpRouteRefreshCodec.SubtypeEnd);

        Assert.True(BgpRouteRefreshCodec.TryParse(buffer, out BgpAddressFamily family, out byte subtype));
        Assert.Equal(BgpAddressFamily.Ipv6Unicast, family);
        Assert.Equal(BgpRouteRefreshCodec.SubtypeEnd, subtype);
    }

    [Fact]
    public void TryParse_RequestWithOrfEntries_Accepted()
    {
        Assert.True(BgpRouteRefreshCodec.TryParse(Message(5, "0001 00 01 01 0003 400102"), out BgpAddressFamily family, out _));
        Assert.Equal(BgpAddressFamily.Ipv4Unicast, family);
    }

    [Fact]
    public void TryParse_LongBeginningOfRouteRefresh_False()
    {
        Assert.False(BgpRouteRefreshCodec.TryParse(Message(5, "0001 01 01 00"), out _, out _));
    }

    [Fact]
    public void TryParse_EveryTruncation_False()
    {
        byte[] message = Hex(BirdRouteRefresh);
        for (int cut = 0; cut < message.Length; cut++)
        {
            Assert.False(BgpRouteRefreshCodec.TryParse(message.AsSpan(0, cut), out _, out _));
        }
    }

    [Theory]
    [InlineData(1, 1, "ipv4-unicast")]
    [InlineData(2, 1, "ipv6-unicast")]
    [InlineData(2, 2, "ipv6-multicast")]
    [InlineData(1, 128, "ipv4/safi-128")]
    [InlineData(25, 70, "afi-25/safi-70")]
    public void AddressFamily_ToString(ushort afi, byte safi, string expected)
    {
        Assert.Equal(expected, new BgpAddressFamily(afi, safi).ToString());
    }
}
