using System.Net;
using Gate64.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Observability;

/// <summary>Validation of the health-gated service prefixes in <see cref="BgpOptions"/>.</summary>
public sealed class BgpServicePrefixOptionsTests
{
    [Fact]
    public void Validate_GatedPrefixes_AreValid()
    {
        BgpOptions options = Valid();
        options.ServicePrefixes.Add(new HealthGatedPrefix(IpPrefix.Parse("2001:db8:64::/96"), "nat64"));
        options.ServicePrefixes.Add(new HealthGatedPrefix(IpPrefix.Parse("203.0.113.80/32"), "ingress"));

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_APrefixBothAlwaysAnnouncedAndGated_IsRefused()
    {
        BgpOptions options = Valid();
        options.Announce.Add(IpPrefix.Parse("203.0.113.80/32"));
        options.ServicePrefixes.Add(new HealthGatedPrefix(IpPrefix.Parse("203.0.113.80/32"), "ingress"));

        Assert.Contains(options.Validate(), e => e.Contains("both announced always and gated on 'ingress'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LinkLocalOrNoService_IsRefused()
    {
        BgpOptions options = Valid();
        options.ServicePrefixes.Add(new HealthGatedPrefix(IpPrefix.Parse("fe80::/64"), "ingress"));
        options.ServicePrefixes.Add(new HealthGatedPrefix(IpPrefix.Parse("203.0.113.0/24"), " "));

        IReadOnlyList<string> errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("fe80::/64 is loopback, link-local", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("203.0.113.0/24 names no health check", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.05, 2, "interval")]
    [InlineData(61, 2, "interval")]
    [InlineData(1, 0, "failures to withdraw")]
    public void Validate_TimingOutOfRange_IsRefused(double seconds, int failures, string expected)
    {
        BgpOptions options = Valid();
        options.ServiceHealthInterval = TimeSpan.FromSeconds(seconds);
        options.ServiceFailuresToWithdraw = failures;

        Assert.Contains(options.Validate(), e => e.Contains(expected, StringComparison.Ordinal));
    }

    private static BgpOptions Valid()
    {
        BgpOptions options = new() { LocalAs = 65001, RouterId = IPAddress.Parse("198.51.100.2") };
        options.Neighbors.Add(new BgpNeighborOptions { Address = IPAddress.Parse("198.51.100.1"), PeerAs = 65000 });
        return options;
    }
}
