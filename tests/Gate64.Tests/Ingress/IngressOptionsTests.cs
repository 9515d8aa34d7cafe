using System.Net;
using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Ingress;

public class IngressOptionsTests
{
    [Fact]
    public void Validate_CompleteSettings_HaveNoErrors()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void Validate_Nat46WithItsPrefix_HasNoErrors()
    {
        IngressOptions options = Valid();
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("2001:db8:2::/48"), ClientAddressMode.Nat46));
        options.Nat46Prefix = IpPrefix.Parse("64:ff9b:1::/96");

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_NoListen_IsAnError()
    {
        IngressOptions options = Valid();
        options.Listen.Clear();

        Assert.Contains("at least one --listen", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoPermit_IsAnError()
    {
        IngressOptions options = Valid();
        options.Permit.Clear();

        Assert.Contains("at least one --permit", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Ipv4Permit_IsAnErrorNamingThePrefix()
    {
        IngressOptions options = Valid();
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("192.0.2.0/24"), ClientAddressMode.None));

        string error = Assert.Single(options.Validate());
        Assert.Contains("192.0.2.0/24", error, StringComparison.Ordinal);
        Assert.Contains("IPv6", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64:ff9b::/32")]        // contains the NAT64 prefix
    [InlineData("64:ff9b::/120")]       // inside it
    [InlineData("::/0")]
    public void Validate_PermitOverlappingTheNat64Prefix_IsAnError(string prefix)
    {
        IngressOptions options = Valid();
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse(prefix), ClientAddressMode.None));

        string error = Assert.Single(options.Validate());
        Assert.Contains(prefix, error, StringComparison.Ordinal);
        Assert.Contains("overlaps the NAT64 prefix 64:ff9b::/96", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PermitOverlappingAConfiguredNat64Prefix_IsAnError()
    {
        IngressOptions options = Valid();
        options.Nat64Prefix = IpPrefix.Parse("2001:db8:1:64::/96");

        Assert.Contains("overlaps the NAT64 prefix 2001:db8:1:64::/96", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Nat46WithoutItsPrefix_IsAnError()
    {
        IngressOptions options = Valid();
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("2001:db8:2::/48"), ClientAddressMode.Nat46));

        string error = Assert.Single(options.Validate());
        Assert.Contains("2001:db8:2::/48=nat46", error, StringComparison.Ordinal);
        Assert.Contains("--nat46-prefix", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("64:ff9b:1::/48")]
    [InlineData("64:ff9b:1::/128")]
    [InlineData("198.51.100.0/24")]
    public void Validate_Nat46PrefixNotAnIpv6Slash96_IsAnError(string prefix)
    {
        IngressOptions options = Valid();
        options.Nat46Prefix = IpPrefix.Parse(prefix);

        string error = Assert.Single(options.Validate());
        Assert.Contains($"--nat46-prefix {prefix}", error, StringComparison.Ordinal);
        Assert.Contains("/96", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first-bytes", 0)]
    [InlineData("connect", 0)]
    [InlineData("idle", 0)]
    [InlineData("first-bytes", -1)]
    [InlineData("connect", -1)]
    [InlineData("idle", -1)]
    public void Validate_NonPositiveTimeout_IsAnError(string timeout, int seconds)
    {
        IngressOptions options = Valid();
        TimeSpan value = TimeSpan.FromSeconds(seconds);
        switch (timeout)
        {
            case "first-bytes":
                options.FirstBytesTimeout = value;
                break;
            case "connect":
                options.ConnectTimeout = value;
                break;
            default:
                options.IdleTimeout = value;
                break;
        }

        Assert.Contains("timeouts must be positive", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveMaxConnections_IsAnError(int max)
    {
        IngressOptions options = Valid();
        options.MaxConnections = max;

        Assert.Contains("--max-connections", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BackendPortOutOfRange_IsAnError()
    {
        IngressOptions options = Valid();
        options.Listen.Add(new IngressListenerOptions(new IPEndPoint(IPAddress.Loopback, 8443), 0));

        Assert.Contains("backend port", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryMistakeAtOnce_ReportsThemAll()
    {
        IngressOptions options = new()
        {
            Nat46Prefix = IpPrefix.Parse("64:ff9b:1::/48"),
            FirstBytesTimeout = TimeSpan.Zero,
            MaxConnections = 0,
        };
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("192.0.2.0/24"), ClientAddressMode.None));
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("64:ff9b::/64"), ClientAddressMode.None));
        IngressOptions nat46WithoutPrefix = new() { IdleTimeout = TimeSpan.FromSeconds(-1) };
        nat46WithoutPrefix.Permit.Add(new PermittedPrefix(IpPrefix.Parse("2001:db8:2::/48"), ClientAddressMode.Nat46));

        IReadOnlyList<string> errors = options.Validate();
        IReadOnlyList<string> nat46Errors = nat46WithoutPrefix.Validate();
        IReadOnlyList<string> emptyErrors = new IngressOptions().Validate();

        Assert.Collection(errors,
            error => Assert.Contains("--listen", error, StringComparison.Ordinal),
            error => Assert.Contains("192.0.2.0/24", error, StringComparison.Ordinal),
            error => Assert.Contains("64:ff9b::/64 overlaps the NAT64 prefix", error, StringComparison.Ordinal),
            error => Assert.Contains("--nat46-prefix 64:ff9b:1::/48", error, StringComparison.Ordinal),
            error => Assert.Contains("timeouts must be positive", error, StringComparison.Ordinal),
            error => Assert.Contains("--max-connections", error, StringComparison.Ordinal));
        Assert.Collection(nat46Errors,
            error => Assert.Contains("--listen", error, StringComparison.Ordinal),
            error => Assert.Contains("nat46 needs --nat46-prefix", error, StringComparison.Ordinal),
            error => Assert.Contains("timeouts must be positive", error, StringComparison.Ordinal));
        Assert.Collection(emptyErrors,
            error => Assert.Contains("--listen", error, StringComparison.Ordinal),
            error => Assert.Contains("--permit", error, StringComparison.Ordinal));
        Assert.All(errors.Concat(nat46Errors).Concat(emptyErrors), error => Assert.StartsWith("ingress: ", error, StringComparison.Ordinal));
    }

    private static IngressOptions Valid()
    {
        IngressOptions options = new();
        options.Listen.Add(new IngressListenerOptions(new IPEndPoint(IPAddress.Any, 443), 443));
        options.Permit.Add(new PermittedPrefix(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.None));
        return options;
    }
}
