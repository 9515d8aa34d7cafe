using Gate64.Links;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Links;

public class LinuxLinkComparisonTests
{
    private static LinuxObservedLink Observed(
        string hostEnd = CapturedIpJson.HostEnd,
        string? workloadEnd = CapturedIpJson.WorkloadEnd,
        string hostRoutes4 = CapturedIpJson.HostRoutes4,
        string defaults4 = CapturedIpJson.WorkloadDefault4)
    {
        LinuxInterfaceState host = IpJson.ParseInterfaces(hostEnd)[0];
        Assert.True(LinkMarker.TryParse(host.Alias, out LinkMarker? marker));
        return new LinuxObservedLink(
            host,
            marker,
            workloadEnd is null ? null : IpJson.ParseInterfaces(workloadEnd)[0],
            null,
            [.. IpJson.ParseRoutes(hostRoutes4).Concat(IpJson.ParseRoutes(CapturedIpJson.HostRoutes6)).Select(route => route.Destination)],
            [.. IpJson.ParseRoutes(defaults4), .. IpJson.ParseRoutes(CapturedIpJson.WorkloadDefault6)]);
    }

    [Fact]
    public void Differences_TheLinkAsMade_HasNone()
    {
        Assert.Empty(LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed()));
    }

    [Fact]
    public void Differences_AnotherNamespace_IsTheOnlyDifferenceNamed()
    {
        LinkSpec spec = LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws2"), "2001:db8:10::10", "192.0.2.10");

        Assert.Equal(["its workload end went to netns=ws1, not netns=ws2"], LinuxLinkComparison.Differences(spec, Observed()));
    }

    [Fact]
    public void Differences_AnotherIpv6Address_NamesAddressesAndRoutes()
    {
        LinkSpec spec = LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::11", "192.0.2.10");

        Assert.Equal(
            [
                "the workload's addresses are 192.0.2.10/32, 2001:db8:10::10/128, not 192.0.2.10/32, 2001:db8:10::11/128",
                "the host routes through it (proto 64) are 192.0.2.10/32, 2001:db8:10::10/128, not 192.0.2.10/32, 2001:db8:10::11/128",
            ],
            LinuxLinkComparison.Differences(spec, Observed()));
    }

    [Fact]
    public void Differences_Ipv4AskedNoLonger_IsADifference()
    {
        IReadOnlyList<string> differences = LinuxLinkComparison.Differences(LinkSpecs.Linux(ipv4: null), Observed());

        Assert.Equal(2, differences.Count);
        Assert.Contains("not 2001:db8:10::10/128", differences[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Differences_MissingHostRoute_IsNamed()
    {
        IReadOnlyList<string> differences = LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed(hostRoutes4: "[]"));

        Assert.Equal(["the host routes through it (proto 64) are 2001:db8:10::10/128, not 192.0.2.10/32, 2001:db8:10::10/128"], differences);
    }

    [Fact]
    public void Differences_NoWorkloadEnd_IsNamed()
    {
        Assert.Contains("netns=ws1 has no eth0", LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed(workloadEnd: null)));
    }

    [Fact]
    public void Differences_WorkloadEndOfAnotherPair_IsNamed()
    {
        string other = CapturedIpJson.WorkloadEnd.Replace("\"link_index\":3", "\"link_index\":9", StringComparison.Ordinal);

        Assert.Contains("eth0 in netns=ws1 is not the other end of gw0", LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed(workloadEnd: other)));
    }

    [Fact]
    public void Differences_DownEnds_AreNamed()
    {
        string hostDown = CapturedIpJson.HostEnd.Replace("\"MULTICAST\",\"UP\",", "\"MULTICAST\",", StringComparison.Ordinal);
        string workloadDown = CapturedIpJson.WorkloadEnd.Replace("\"MULTICAST\",\"UP\",", "\"MULTICAST\",", StringComparison.Ordinal);

        IReadOnlyList<string> differences = LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed(hostEnd: hostDown, workloadEnd: workloadDown));

        Assert.Contains("the host end is down", differences);
        Assert.Contains("eth0 in netns=ws1 is down", differences);
    }

    [Fact]
    public void Differences_NoIpv4DefaultRoute_IsNamed()
    {
        Assert.Equal(
            ["the workload has no IPv4 default route via 169.254.1.1 dev eth0"],
            LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed(defaults4: "[]")));
    }

    [Fact]
    public void Differences_AnotherMacOrNoLinkLocal_AreNamed()
    {
        string changed = CapturedIpJson.HostEnd
            .Replace("\"address\":\"ee:ee:ee:ee:ee:ee\"", "\"address\":\"02:00:00:00:00:01\"", StringComparison.Ordinal)
            .Replace("fe80::ecee:eeff:feee:eeee", "fe80::1", StringComparison.Ordinal);

        IReadOnlyList<string> differences = LinuxLinkComparison.Differences(LinkSpecs.Linux(), Observed(hostEnd: changed));

        Assert.Contains("the host end's MAC address is 02:00:00:00:00:01, not ee:ee:ee:ee:ee:ee", differences);
        Assert.Contains("the host end lacks its link-local address fe80::ecee:eeff:feee:eeee/64", differences);
    }

    [Fact]
    public void LinkMarker_RoundTrips()
    {
        Assert.True(LinkMarker.TryParse(LinkMarker.Format(LinkSpecs.Linux()), out LinkMarker? marker));

        Assert.Equal(LinkTarget.NetworkNamespace("ws1"), marker.Target);
        Assert.Equal(LinkSpecs.Linux().Ipv6, marker.Ipv6);
        Assert.Equal(LinkSpecs.Linux().Ipv4, marker.Ipv4);
        Assert.False(LinkMarker.TryParse("uplink to the router", out _));
        Assert.False(LinkMarker.TryParse("gate64 link", out _));
        Assert.False(LinkMarker.TryParse(null, out _));
        Assert.Equal(IpPrefix.Parse("192.0.2.10/32"), LinkSpecs.Linux().Ipv4Route);
    }
}
