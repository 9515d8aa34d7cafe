using System.Net;
using Gate64.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Bgp;

public class BgpOptionsTests
{
    [Fact]
    public void Validate_ASensibleSpeaker_HasNoErrors()
    {
        BgpOptions options = Valid();
        options.Announce.Add(IpPrefix.Parse("2001:db8:64::/96"));

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(23456u)]
    public void Validate_ReservedLocalAs_IsAnError(uint localAs)
    {
        BgpOptions options = Valid();
        options.LocalAs = localAs;

        Assert.Contains(options.Validate(), error => error.Contains("--local-as", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1/32")]
    [InlineData("169.254.1.1/32")]
    [InlineData("224.0.0.0/8")]
    [InlineData("::1/128")]
    [InlineData("fe80::/64")]
    [InlineData("ff02::/16")]
    public void Validate_AnnouncingSpecialSpace_IsAnError(string prefix)
    {
        BgpOptions options = Valid();
        options.Announce.Add(IpPrefix.Parse(prefix));

        Assert.Contains(options.Validate(), error => error.Contains(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoNeighbor_IsAnError()
    {
        BgpOptions options = new() { LocalAs = 65001, RouterId = IPAddress.Parse("198.51.100.2") };

        Assert.Contains(options.Validate(), error => error.Contains("--neighbor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("224.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:198.51.100.1")]
    public void Validate_NeighborThatIsNoRouter_IsAnError(string address)
    {
        BgpOptions options = Valid();
        options.Neighbors[0].Address = IPAddress.Parse(address);

        Assert.Contains(options.Validate(), error => error.Contains("not a router's unicast address", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LoopbackNeighbor_IsAllowedForLabs()
    {
        BgpOptions options = Valid();
        options.Neighbors[0].Address = IPAddress.Loopback;

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Validate_HoldTimeOneOrTwo_IsAnError(int seconds)
    {
        BgpOptions options = Valid();
        options.HoldTimeSeconds = seconds;

        Assert.Contains(options.Validate(), error => error.Contains("--hold-time", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NextHopsOfTheWrongFamily_AreErrors()
    {
        BgpOptions options = Valid();
        options.Neighbors[0].NextHop4 = IPAddress.Parse("2001:db8::1");
        options.Neighbors[0].NextHop6 = IPAddress.Parse("198.51.100.2");

        IReadOnlyList<string> errors = options.Validate();

        Assert.Contains(errors, error => error.Contains("next-hop4", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("next-hop6", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TheSameNeighborTwice_IsAnError()
    {
        BgpOptions options = Valid();
        options.Neighbors.Add(new BgpNeighborOptions { Address = IPAddress.Parse("198.51.100.1"), PeerAs = 65000 });

        Assert.Contains(options.Validate(), error => error.Contains("twice", StringComparison.Ordinal));
    }

    private static BgpOptions Valid()
    {
        BgpOptions options = new() { LocalAs = 4_200_000_001, RouterId = IPAddress.Parse("198.51.100.2") };
        options.Neighbors.Add(new BgpNeighborOptions { Address = IPAddress.Parse("198.51.100.1"), PeerAs = 65000 });
        return options;
    }
}
