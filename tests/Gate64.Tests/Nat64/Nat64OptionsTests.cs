using Gate64.Nat64;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Nat64;

public sealed class Nat64OptionsTests
{
    [Fact]
    public void ValidOptionsHaveNoErrors()
    {
        Nat64Options options = new() { Tun = "nat64", Prefix = Nat64Prefix.Parse("2001:db8:64::/96"), Pool4 = IpPrefix.Parse("203.0.113.0/30") };
        options.Allow.Add(IpPrefix.Parse("2001:db8:1::/64"));

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void EveryErrorIsListed()
    {
        Nat64Options options = new()
        {
            Tun = "this-name-is-far-too-long",
            Prefix = Nat64Prefix.Parse("2001:db8:64::/96"),
            Pool4 = IpPrefix.Parse("10.0.0.0/8"),
            Queues = 0,
            Mtu = 1000,
            TunQueueLength = 63,
            PortQuotaPerClient = 0,
        };
        options.Allow.Add(IpPrefix.Parse("198.51.100.0/24"));
        options.Allow.Add(IpPrefix.Parse("2001:db8:64::/96"));

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(8, errors.Count);
        Assert.Contains(errors, error => error.Contains("--tun", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("larger than a /16", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("not an IPv6 prefix", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("overlaps the NAT64 prefix", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("--queues", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("--mtu", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("--tun-queue-length 63 must be from 64 to 65536", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("--quota", StringComparison.Ordinal));
    }

    [Fact]
    public void TunAndPoolAreRequired()
    {
        IReadOnlyList<string> errors = new Nat64Options().Validate();

        Assert.Contains(errors, error => error.Contains("--tun NAME is required", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("--pool4 CIDR is required", StringComparison.Ordinal));
    }
}
