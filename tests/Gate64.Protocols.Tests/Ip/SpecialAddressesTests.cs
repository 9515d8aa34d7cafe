using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Tests.Ip;

public class SpecialAddressesTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.1.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.33")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.1")]
    [InlineData("203.0.113.1")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    public void IsGlobalIpv4_SpecialPurposeAddress_IsFalse(string address)
    {
        Assert.False(SpecialAddresses.IsGlobalIpv4(IPAddress.Parse(address).GetAddressBytes()));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("9.9.9.9")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.3.1")]
    [InlineData("192.167.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("203.0.114.1")]
    [InlineData("223.255.255.255")]
    public void IsGlobalIpv4_GlobalAddress_IsTrue(string address)
    {
        Assert.True(SpecialAddresses.IsGlobalIpv4(IPAddress.Parse(address).GetAddressBytes()));
    }
}
