using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>The FRR JSON parsers on output captured from FRR 8.4.</summary>
public sealed class FrrJsonParserTests
{
    [Fact]
    public void ParseSummary_ReadsPeersOfEveryFamily()
    {
        string json = Json(
            "{'ipv4Unicast':{'routerId':'198.51.100.1','as':65000,'peers':{'198.51.100.2':{'dynamicPeer':true,'remoteAs':4200000001," +
            "'pfxRcd':2,'state':'Established','peerState':'Passive'}},'dynamicPeers':1}," +
            "'ipv6Unicast':{'peers':{'2001:db8:ffff::2':{'remoteAs':65001,'pfxRcd':0,'state':'Active'}}}}");

        IReadOnlyList<FrrPeer> peers = FrrJsonParser.ParseSummary(json);

        Assert.Equal(
            [
                new FrrPeer(IPAddress.Parse("198.51.100.2"), "ipv4Unicast", 4_200_000_001, "Established", 2, true),
                new FrrPeer(IPAddress.Parse("2001:db8:ffff::2"), "ipv6Unicast", 65001, "Active", 0, false),
            ],
            peers);
        Assert.True(peers[0].IsEstablished);
        Assert.Empty(FrrJsonParser.ParseSummary("% No BGP neighbors found in VRF default\n"));
    }

    [Fact]
    public void ParseRoutes_ReadsNextHopsPathAndFlags()
    {
        string json = Json(
            "{'vrfId':0,'routerId':'198.51.100.1','routes':{'2001:db8:10::10/128':[{'valid':true,'bestpath':true,'pathFrom':'external'," +
            "'prefix':'2001:db8:10::10','prefixLen':128,'peerId':'2001:db8:ffff::2','path':'4200000001 {65010,65011}','origin':'incomplete'," +
            "'nexthops':[{'ip':'2001:db8:ffff::2','afi':'ipv6','scope':'global','used':true},{'ip':'fe80::1','afi':'ipv6','scope':'link-local'}]}]," +
            "'192.0.2.10/32':[{'valid':false,'peerId':'198.51.100.2','path':'','nexthops':[{'ip':'198.51.100.2','afi':'ipv4'}]}]}}");

        IReadOnlyList<FrrRoute> routes = FrrJsonParser.ParseRoutes(json);

        FrrRoute v6 = routes[0];
        Assert.Equal(IpPrefix.Parse("2001:db8:10::10/128"), v6.Prefix);
        Assert.True(v6.IsValid && v6.IsBest);
        Assert.Equal([IPAddress.Parse("2001:db8:ffff::2"), IPAddress.Parse("fe80::1")], v6.NextHops);
        Assert.Equal([4_200_000_001u], v6.AsPath);
        Assert.Equal("incomplete", v6.Origin);
        Assert.Equal(IPAddress.Parse("2001:db8:ffff::2"), v6.Peer);
        Assert.False(routes[1].IsValid);
        Assert.Empty(routes[1].AsPath);
        Assert.Empty(FrrJsonParser.ParseRoutes(""));
    }

    /// <summary>JSON written with single quotes, so that it reads like FRR's output without escaping.</summary>
    private static string Json(string text) => text.Replace('\'', '"');
}
