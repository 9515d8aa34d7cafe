using Gate64.Protocols.Bgp;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpCommunityTests
{
    [Theory]
    [InlineData("65001:100", 0xFDE90064u)]
    [InlineData("0:0", 0u)]
    [InlineData("65535:65535", 0xFFFFFFFFu)]
    [InlineData("no-export", 0xFFFFFF01u)]
    [InlineData("NO-ADVERTISE", 0xFFFFFF02u)]
    [InlineData("graceful-shutdown", 0xFFFF0000u)]
    [InlineData("blackhole", 0xFFFF029Au)]
    public void TryParse_Valid(string text, uint expected)
    {
        Assert.True(BgpCommunity.TryParse(text, out uint community));
        Assert.Equal(expected, community);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("65001")]
    [InlineData("65536:1")]
    [InlineData("1:65536")]
    [InlineData("-1:1")]
    [InlineData(" 1:1")]
    [InlineData("1:1:1")]
    [InlineData("a:b")]
    [InlineData(":1")]
    public void TryParse_Invalid(string? text)
    {
        Assert.False(BgpCommunity.TryParse(text, out _));
    }

    [Fact]
    public void Format_TwoHalves()
    {
        Assert.Equal("65001:100", BgpCommunity.Format(0xFDE90064));
    }

    [Theory]
    [InlineData("65001:1:2", 65001u, 1u, 2u)]
    [InlineData("4294967295:0:4294967295", 4294967295u, 0u, 4294967295u)]
    public void LargeCommunity_TryParse_Valid(string text, uint global, uint local1, uint local2)
    {
        Assert.True(BgpLargeCommunity.TryParse(text, out BgpLargeCommunity community));
        Assert.Equal(new BgpLargeCommunity(global, local1, local2), community);
        Assert.Equal(text, community.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1:2")]
    [InlineData("1:2:3:4")]
    [InlineData("1::3")]
    [InlineData("4294967296:1:2")]
    [InlineData("1:2:")]
    [InlineData("x:1:2")]
    public void LargeCommunity_TryParse_Invalid(string? text)
    {
        Assert.False(BgpLargeCommunity.TryParse(text, out _));
    }
}
