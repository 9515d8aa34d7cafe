using System.Net;
using Gate64.Links;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Links;

public class IpJsonTests
{
    [Fact]
    public void ParseInterfaces_HostEnd_ReadsEverythingTheComparisonNeeds()
    {
        LinuxInterfaceState host = Assert.Single(IpJson.ParseInterfaces(CapturedIpJson.HostEnd));

        Assert.Equal("gw0", host.Name);
        Assert.Equal(3, host.Index);
        Assert.Equal(2, host.PeerIndex);
        Assert.Equal("veth", host.Kind);
        Assert.Equal("ee:ee:ee:ee:ee:ee", host.Mac);
        Assert.Equal("gate64 link netns=ws1 ipv6=2001:db8:10::10 ipv4=192.0.2.10", host.Alias);
        Assert.True(host.Up);
        InterfaceAddress linkLocal = Assert.Single(host.Addresses);
        Assert.Equal(IPAddress.Parse("fe80::ecee:eeff:feee:eeee"), linkLocal.Address);
        Assert.Equal(64, linkLocal.PrefixLength);
        Assert.False(linkLocal.IsGlobal);
    }

    [Fact]
    public void ParseInterfaces_WorkloadEnd_KeepsEveryAddressWithItsScope()
    {
        LinuxInterfaceState workload = Assert.Single(IpJson.ParseInterfaces(CapturedIpJson.WorkloadEnd));

        Assert.Equal(["192.0.2.10/32", "2001:db8:10::10/128", "fe80::5c67:58ff:fe5b:4f90/64"], workload.Addresses.Select(address => address.ToString()));
        Assert.Equal([true, true, false], workload.Addresses.Select(address => address.IsGlobal));
    }

    [Fact]
    public void ParseInterfaces_NotAVeth_HasNoKind()
    {
        LinuxInterfaceState uplink = Assert.Single(IpJson.ParseInterfaces(CapturedIpJson.Uplink));

        Assert.Null(uplink.Kind);
        Assert.Null(uplink.Alias);
        Assert.Null(uplink.PeerIndex);
    }

    [Fact]
    public void ParseRoutes_HostRoutesAndDefaults_BecomePrefixes()
    {
        Assert.Equal([IpPrefix.Parse("192.0.2.10/32")], IpJson.ParseRoutes(CapturedIpJson.HostRoutes4).Select(route => route.Destination));
        Assert.Equal([IpPrefix.Parse("2001:db8:10::10/128")], IpJson.ParseRoutes(CapturedIpJson.HostRoutes6).Select(route => route.Destination));
        LinuxRoute default4 = Assert.Single(IpJson.ParseRoutes(CapturedIpJson.WorkloadDefault4));
        Assert.Equal(new LinuxRoute(IpPrefix.Parse("0.0.0.0/0"), "169.254.1.1", "eth0"), default4);
        LinuxRoute default6 = Assert.Single(IpJson.ParseRoutes(CapturedIpJson.WorkloadDefault6));
        Assert.Equal(new LinuxRoute(IpPrefix.Parse("::/0"), "fe80::ecee:eeff:feee:eeee", "eth0"), default6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\n")]
    public void Parse_NothingShown_IsEmpty(string json)
    {
        Assert.Empty(IpJson.ParseRoutes(json));
        Assert.Empty(IpJson.ParseInterfaces(json));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("""[{"ifname":"gw0"}]""")]
    [InlineData("""[{"ifname":"gw0","ifindex":3,"addr_info":[{"local":"fe80::1","prefixlen":129}]}]""")]
    [InlineData("""[{"ifname":"gw0","ifindex":3,"addr_info":[{"local":"not an address","prefixlen":64}]}]""")]
    [InlineData("""[{"dst":"nowhere"}]""")]
    [InlineData("""[{"gateway":"169.254.1.1"}]""")]
    public void Parse_UnexpectedShapes_AreFormatErrors(string json)
    {
        Assert.Throws<FormatException>(() =>
        {
            _ = IpJson.ParseInterfaces(json);
            _ = IpJson.ParseRoutes(json);
        });
    }
}
