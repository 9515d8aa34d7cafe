using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>The gobgp JSON parsers on output captured from GoBGP 3.10, and the TOML gobgpd is started with.</summary>
public sealed class GoBgpParserTests
{
    [Fact]
    public void ParseRib_ReadsNextHopsAsPathCommunitiesAndTheNeighbour()
    {
        string ipv4 = Json(
            "{'192.0.2.10/32':[{'nlri':{'prefix':'192.0.2.10/32'},'age':1795523226,'best':true,'attrs':[{'type':1,'value':0}," +
            "{'type':2,'as_paths':[{'segment_type':2,'num':2,'asns':[4200000001,64999]}]},{'type':8,'communities':[4259905636]}," +
            "{'type':32,'value':[{'ASN':65001,'LocalData1':1,'LocalData2':2}]},{'type':3,'nexthop':'198.51.100.2'}],'stale':false," +
            "'source-id':'198.51.100.2','neighbor-ip':'198.51.100.2'}]}");
        string ipv6 = Json(
            "{'2001:db8:10::10/128':[{'nlri':{'prefix':'2001:db8:10::10/128'},'age':1795523555,'best':true,'attrs':[{'type':1,'value':2}," +
            "{'type':14,'nexthop':'2001:db8:ffff::2','afi':2,'safi':1,'value':[{'prefix':'2001:db8:10::10/128'}]}],'stale':true}]}");

        GoBgpPath path4 = Assert.Single(GoBgpJsonParser.ParseRib(ipv4));
        GoBgpPath path6 = Assert.Single(GoBgpJsonParser.ParseRib(ipv6));

        Assert.Equal(IpPrefix.Parse("192.0.2.10/32"), path4.Prefix);
        Assert.True(path4.IsBest);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), path4.NextHop);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), path4.Neighbor);
        Assert.Equal(0, path4.Origin);
        Assert.Equal([4_200_000_001u, 64999u], path4.AsPath);
        Assert.Equal([new BgpCommunity(65001, 100)], path4.Communities);
        Assert.Equal([new BgpLargeCommunity(65001, 1, 2)], path4.LargeCommunities);
        Assert.Equal(IPAddress.Parse("2001:db8:ffff::2"), path6.NextHop);
        Assert.Null(path6.Neighbor);
        Assert.True(path6.IsStale);
        Assert.Empty(path6.AsPath);
        Assert.Empty(GoBgpJsonParser.ParseRib("{}"));
        Assert.Empty(GoBgpJsonParser.ParseRib(""));
    }

    [Fact]
    public void ParsePeers_ReadsStateAsGroupAndMessageCounters()
    {
        string json = Json(
            "[{'conf':{'local_asn':65000,'peer_asn':4200000001,'peer_group':'dynamic0','type':1},'state':{'messages':{'received':" +
            "{'update':3,'open':1,'keepalive':1,'refresh':1,'total':6}},'neighbor_address':'2001:db8:ffff::2','peer_asn':4200000001," +
            "'session_state':6}},{'conf':{'local_asn':65001,'neighbor_address':'198.51.100.1','peer_asn':65000,'type':1}," +
            "'state':{'neighbor_address':'198.51.100.1','peer_asn':65000,'session_state':3}}]");

        IReadOnlyList<GoBgpPeer> peers = GoBgpJsonParser.ParsePeers(json);

        Assert.Equal(2, peers.Count);
        Assert.Equal(IPAddress.Parse("2001:db8:ffff::2"), peers[0].Address);
        Assert.Equal(4_200_000_001u, peers[0].PeerAs);
        Assert.True(peers[0].IsEstablished);
        Assert.Equal("dynamic0", peers[0].PeerGroup);
        Assert.Equal(1, peers[0].RouteRefreshesReceived);
        Assert.Equal(3, peers[0].UpdatesReceived);
        Assert.Equal(GoBgpSessionState.Active, peers[1].State);
        Assert.Null(peers[1].PeerGroup);
        Assert.Equal(0, peers[1].RouteRefreshesReceived);
    }

    [Fact]
    public void Configuration_ActiveHost_DoesNotListen_DynamicRouterListensOn179()
    {
        string host = GoBgpConfiguration.Render(BgpTopology.HostSpeakerOptions(BgpTopology.FourByteHostAs, adminDown: true));
        string router = GoBgpConfiguration.Render(BgpTopology.RouterOptions());

        Assert.Contains("as = 4200000001", host, StringComparison.Ordinal);
        Assert.Contains("port = -1", host, StringComparison.Ordinal);
        Assert.Contains("neighbor-address = \"2001:db8:ffff::1\"", host, StringComparison.Ordinal);
        Assert.Contains("admin-down = true", host, StringComparison.Ordinal);
        Assert.Contains("connect-retry = 1", host, StringComparison.Ordinal);
        Assert.Contains("port = 179", router, StringComparison.Ordinal);
        Assert.Contains("prefix = \"198.51.100.0/30\"", router, StringComparison.Ordinal);
        Assert.Contains("helper-only = true", router, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GoBgpConfiguration.Render(new GoBgpOptions
        {
            As = 65001,
            RouterId = IPAddress.Parse("198.51.100.2"),
            Neighbors = [new GoBgpNeighbor(IPAddress.Parse("198.51.100.1"), 65000, [])],
        }));
    }

    /// <summary>JSON written with single quotes, so that it reads like gobgp's output without escaping.</summary>
    private static string Json(string text) => text.Replace('\'', '"');
}
