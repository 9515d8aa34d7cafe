using System.Net;
using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Ingress;

public class BackendPolicyTests
{
    private static readonly PermittedPrefix s_sites = new(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.ProxyV2);

    private readonly BackendPolicy _policy = new(
        [s_sites, new PermittedPrefix(IpPrefix.Parse("::/0"), ClientAddressMode.None)],   // even "everything" must not open the special ranges
        IpPrefix.Parse("2001:db8:64::/96"),
        [IPAddress.Parse("2001:db8:1::1")]);

    [Theory]
    [InlineData("2001:db8:1::10", BackendVerdict.Permitted)]
    [InlineData("::", BackendVerdict.Unspecified)]
    [InlineData("::1", BackendVerdict.Loopback)]
    [InlineData("fe80::1", BackendVerdict.LinkLocal)]
    [InlineData("ff02::1", BackendVerdict.Multicast)]
    [InlineData("::ffff:192.0.2.1", BackendVerdict.Ipv4Mapped)]
    [InlineData("64:ff9b::c000:201", BackendVerdict.Nat64Prefix)]
    [InlineData("64:ff9b:1::c000:201", BackendVerdict.Nat64Prefix)]
    [InlineData("2001:db8:64::c000:201", BackendVerdict.Nat64Prefix)]
    [InlineData("2001:db8:1::1", BackendVerdict.GatewayAddress)]
    [InlineData("192.0.2.1", BackendVerdict.NotIpv6)]
    public void Evaluate_SpecialAddresses_AreNeverPermittedWhateverThePrefixes(string address, BackendVerdict expected)
    {
        Assert.Equal(expected, _policy.Evaluate(IPAddress.Parse(address), out _));
    }

    [Fact]
    public void Evaluate_AddressOutsideEveryPrefix_IsNotPermitted()
    {
        BackendPolicy policy = new([s_sites], IpPrefix.Parse("64:ff9b::/96"), []);

        Assert.Equal(BackendVerdict.NotInPermittedPrefix, policy.Evaluate(IPAddress.Parse("2001:db8:2::10"), out _));
    }

    [Fact]
    public void Evaluate_PermittedAddress_NamesThePrefixAndItsMode()
    {
        BackendVerdict verdict = _policy.Evaluate(IPAddress.Parse("2001:db8:1::10"), out PermittedPrefix permittedBy);

        Assert.Equal(BackendVerdict.Permitted, verdict);
        Assert.Equal(s_sites, permittedBy);
        Assert.Equal(ClientAddressMode.ProxyV2, permittedBy.Mode);
    }

    [Fact]
    public void ForThisHost_RefusesTheHostsOwnLoopbackAndAddresses()
    {
        BackendPolicy policy = BackendPolicy.ForThisHost([new PermittedPrefix(IpPrefix.Parse("::/0"), ClientAddressMode.None)], IpPrefix.Parse("64:ff9b::/96"));

        Assert.NotEqual(BackendVerdict.Permitted, policy.Evaluate(IPAddress.IPv6Loopback, out _));
    }
}
