using System.Net;
using Gate64.Links;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Links;

public class LinkSpecTests
{
    private static readonly LinkTarget s_netns = LinkTarget.NetworkNamespace("ws1");

    [Fact]
    public void TryCreate_ValidLink_KeepsEverything()
    {
        Assert.True(LinkSpec.TryCreate("gw0", s_netns, "2001:db8:10::10", "192.0.2.10", out LinkSpec? spec, out IReadOnlyList<string> errors));

        Assert.Empty(errors);
        Assert.Equal("gw0", spec.Name);
        Assert.Equal(s_netns, spec.Target);
        Assert.Equal(IPAddress.Parse("2001:db8:10::10"), spec.Ipv6);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), spec.Ipv4);
        Assert.Equal(IpPrefix.Parse("2001:db8:10::10/128"), spec.Ipv6Route);
        Assert.Equal(IpPrefix.Parse("192.0.2.10/32"), spec.Ipv4Route);
    }

    [Theory]
    [InlineData("2001:db8:10::10/128", "192.0.2.10/32")]
    [InlineData("fd00:1::1", null)]
    [InlineData("2a01:4f8::1", "203.0.113.255")]
    public void TryCreate_HostPrefixesAndOptionalIpv4_AreAccepted(string ipv6, string? ipv4)
    {
        Assert.True(LinkSpec.TryCreate("gw0", s_netns, ipv6, ipv4, out LinkSpec? spec, out _));

        Assert.Equal(ipv4 is null, spec.Ipv4Route is null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("lo")]
    [InlineData("-gw")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("gw 0")]
    [InlineData("gw/0")]
    [InlineData("gw:0")]
    [InlineData("gwö")]
    public void TryCreate_BadName_IsRefusedNamingIt(string name)
    {
        Assert.False(LinkSpec.TryCreate(name, s_netns, "2001:db8::1", null, out LinkSpec? spec, out IReadOnlyList<string> errors));

        Assert.Null(spec);
        string error = Assert.Single(errors);
        Assert.Contains("link name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_FifteenCharacters_IsTheLongestName()
    {
        Assert.True(LinkSpec.TryCreate("abcdefghij.-_12", s_netns, "2001:db8::1", null, out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-n")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void TryCreate_BadTargetName_IsRefused(string target)
    {
        Assert.False(LinkSpec.TryCreate("gw0", LinkTarget.Jail(target), "2001:db8::1", null, out _, out IReadOnlyList<string> errors));

        Assert.Contains("jail name", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::", "::/96")]
    [InlineData("::1", "::/96")]
    [InlineData("::192.0.2.1", "::/96")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("febf::1", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:192.0.2.10", "IPv4-mapped")]
    [InlineData("2001:db8::1/64", "/128")]
    [InlineData("2001:db8::1/", "/128")]
    [InlineData("fe80::1%eth0", "not an IPv6 address")]
    [InlineData("192.0.2.10", "not an IPv6 address")]
    [InlineData("example.org", "not an IPv6 address")]
    public void TryCreate_BadIpv6_IsRefusedWithTheReason(string ipv6, string reason)
    {
        Assert.False(LinkSpec.TryCreate("gw0", s_netns, ipv6, null, out _, out IReadOnlyList<string> errors));

        string error = Assert.Single(errors);
        Assert.StartsWith("--ipv6 ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1.2.3", "0.0.0.0/8")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("169.254.1.1", "link-local")]
    [InlineData("224.0.0.5", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("192.0.2.0/24", "/32")]
    [InlineData("010.0.0.1", "not an IPv4 address")]
    [InlineData("3232235777", "not an IPv4 address")]
    [InlineData("2001:db8::1", "not an IPv4 address")]
    public void TryCreate_BadIpv4_IsRefusedWithTheReason(string ipv4, string reason)
    {
        Assert.False(LinkSpec.TryCreate("gw0", s_netns, "2001:db8::1", ipv4, out _, out IReadOnlyList<string> errors));

        string error = Assert.Single(errors);
        Assert.StartsWith("--ipv4 ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_SeveralProblems_ReportsEveryOne()
    {
        Assert.False(LinkSpec.TryCreate("lo", LinkTarget.NetworkNamespace(""), "fe80::1", "127.0.0.1", out _, out IReadOnlyList<string> errors));

        Assert.Equal(4, errors.Count);
    }
}
