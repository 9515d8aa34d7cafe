using System.Net;
using Gate64.Dns64;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Dns64;

public class Dns64OptionsTests
{
    [Fact]
    public void Validate_Defaults_ListenIsTheOnlyProblem()
    {
        Dns64Options options = new();

        string error = Assert.Single(options.Validate());
        Assert.Contains("--listen", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidSettings_HasNoErrors()
    {
        Dns64Options options = new() { Prefix = Nat64Prefix.Parse("2001:db8:64::/96") };
        options.Listen.Add(new IPEndPoint(IPAddress.Loopback, 53));
        options.Exclude.Add(IpPrefix.Parse("2001:db8:bad::/48"));

        Assert.Empty(options.Validate());
        Assert.Equal(Nat64Prefix.WellKnown, new Dns64Options().Prefix);
        Assert.Equal([IpPrefix.Parse("::ffff:0:0/96")], new Dns64Options().Exclude);
        Assert.Empty(new Dns64Options().Allow);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllAtOnce()
    {
        Dns64Options options = new() { Prefix = Nat64Prefix.Parse("2001:db8:64::/96") };
        options.Exclude.Add(IpPrefix.Parse("2001:db8::/32"));
        options.Exclude.Add(IpPrefix.Parse("192.0.2.0/24"));

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, error => error.Contains("--listen", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("2001:db8::/32", StringComparison.Ordinal) && error.Contains("2001:db8:64::/96", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("192.0.2.0/24", StringComparison.Ordinal) && error.Contains("not an IPv6 prefix", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2001:db8:64::/96")]
    [InlineData("2001:db8:64::/64")]
    [InlineData("::/0")]
    public void Validate_ExcludeCoveringThePrefix_IsAnError(string exclude)
    {
        Dns64Options options = new() { Prefix = Nat64Prefix.Parse("2001:db8:64::/96") };
        options.Listen.Add(new IPEndPoint(IPAddress.Loopback, 53));
        options.Exclude.Add(IpPrefix.Parse(exclude));

        string error = Assert.Single(options.Validate());
        Assert.Contains("covers the NAT64 prefix", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExcludeInsideThePrefix_IsAllowed()
    {
        Dns64Options options = new() { Prefix = Nat64Prefix.Parse("2001:db8:64::/96") };
        options.Listen.Add(new IPEndPoint(IPAddress.Loopback, 53));
        options.Exclude.Add(IpPrefix.Parse("2001:db8:64::/120"));

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_NonPositiveLimits_AreAnError()
    {
        foreach (Action<Dns64Options> breakIt in (Action<Dns64Options>[])
        [
            options => options.MaxPendingQueries = 0,
            options => options.MaxTcpConnections = -1,
            options => options.ResponseCacheBytes = 0,
            options => options.TcpIdleTimeout = TimeSpan.Zero,
        ])
        {
            Dns64Options options = new();
            options.Listen.Add(new IPEndPoint(IPAddress.Loopback, 53));
            breakIt(options);

            Assert.Contains("limits must be positive", Assert.Single(options.Validate()), StringComparison.Ordinal);
        }
    }
}
