using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>The birdc parsers on output captured from BIRD 2.0.12.</summary>
public sealed class BirdOutputParserTests
{
    private const string RoutesAll =
        "BIRD 2.0.12 ready.\n" +
        "Table master4:\n" +
        "10.64.0.1/32         unicast [gate64_v4_1 2026-11-24 12:40:55.782] * (100) [AS65001?]\n" +
        "\tvia 198.51.100.2 on g64t-h3laba\n" +
        "\tType: BGP univ\n" +
        "\tBGP.origin: Incomplete\n" +
        "\tBGP.as_path: 65001\n" +
        "\tBGP.next_hop: 198.51.100.2\n" +
        "\tBGP.local_pref: 100\n" +
        "                     unicast [gate64_v4_2 2026-11-24 12:40:55.790] (100) [AS65001?]\n" +
        "\tvia 198.51.100.6 on g64t-h3labc\n" +
        "\tType: BGP univ\n" +
        "\tBGP.origin: Incomplete\n" +
        "\tBGP.as_path: 65001\n" +
        "\tBGP.next_hop: 198.51.100.6\n" +
        "\tBGP.local_pref: 100\n" +
        "198.51.100.128/25    unicast [gate64_v4_1 12:27:06.556] * (100) [AS65001?]\n" +
        "\tvia 198.51.100.2 on g64t-h3laba\n" +
        "\tType: BGP univ\n" +
        "\tBGP.origin: IGP\n" +
        "\tBGP.as_path: 4200000001 64999 {65010 65011}\n" +
        "\tBGP.next_hop: 198.51.100.2\n" +
        "\tBGP.local_pref: 100\n" +
        "\tBGP.community: (65001,100) (65001,200)\n" +
        "\tBGP.large_community: (65001, 1, 2) (4200000001, 3, 4)\n" +
        "\n" +
        "Table master6:\n" +
        "2001:db8:10::10/128  unicast [gate64_v6_1 2026-11-24 12:27:06.540] * (100) [AS65001i]\n" +
        "\tvia 2001:db8:ffff::2 on g64t-h3laba\n" +
        "\tType: BGP univ\n" +
        "\tBGP.origin: IGP\n" +
        "\tBGP.as_path: 65001\n" +
        "\tBGP.next_hop: 2001:db8:ffff::2 fe80::44e4:dcff:feb9:ccf5\n" +
        "\tBGP.local_pref: 100\n" +
        "2001:db8:64::/96     unicast [static1 2026-11-24 12:27:06.540] * (200)\n" +
        "\tvia 2001:db8:ffff::2 on eth0 weight 1\n" +
        "\tvia 2001:db8:ffff::3 on eth1 weight 2\n" +
        "2001:db8:99::/48     blackhole [static1 2026-11-24 12:27:06.540] * (200)\n" +
        "\tType: static univ\n";

    [Fact]
    public void ParseRoutes_ReadsNetworksProtocolsNextHopsAndBgpAttributes()
    {
        IReadOnlyList<BirdRoute> routes = BirdOutputParser.ParseRoutes(RoutesAll);

        Assert.Equal(6, routes.Count);
        BirdRoute first = routes[0];
        Assert.Equal(IpPrefix.Parse("10.64.0.1/32"), first.Prefix);
        Assert.Equal("master4", first.Table);
        Assert.Equal("unicast", first.Type);
        Assert.Equal("gate64_v4_1", first.Protocol);
        Assert.True(first.IsPrimary);
        Assert.Equal(100, first.Preference);
        Assert.Equal("AS65001?", first.OriginSummary);
        Assert.Equal(new BirdNextHop(IPAddress.Parse("198.51.100.2"), "g64t-h3laba"), Assert.Single(first.NextHops));
        Assert.Equal("Incomplete", first.Origin);
        Assert.Equal("BGP univ", first.Attributes["Type"]);
        Assert.Equal([65001u], first.AsPath);

        // The second route of the same network has a blank network column.
        BirdRoute second = routes[1];
        Assert.Equal(first.Prefix, second.Prefix);
        Assert.Equal("gate64_v4_2", second.Protocol);
        Assert.False(second.IsPrimary);
        Assert.Equal(IPAddress.Parse("198.51.100.6"), second.Gateway);

        BirdRoute service = routes[2];
        Assert.Equal([4_200_000_001u, 64999u, 65010u, 65011u], service.AsPath);
        Assert.Equal([new BgpCommunity(65001, 100), new BgpCommunity(65001, 200)], service.Communities);
        Assert.Equal([new BgpLargeCommunity(65001, 1, 2), new BgpLargeCommunity(4_200_000_001, 3, 4)], service.LargeCommunities);

        BirdRoute v6 = routes[3];
        Assert.Equal("master6", v6.Table);
        Assert.Equal([IPAddress.Parse("2001:db8:ffff::2"), IPAddress.Parse("fe80::44e4:dcff:feb9:ccf5")], v6.BgpNextHop);

        BirdRoute multipath = routes[4];
        Assert.Null(multipath.OriginSummary);
        Assert.Equal(
            [new BirdNextHop(IPAddress.Parse("2001:db8:ffff::2"), "eth0", 1), new BirdNextHop(IPAddress.Parse("2001:db8:ffff::3"), "eth1", 2)],
            multipath.NextHops);
        Assert.Empty(multipath.AsPath);

        BirdRoute blackhole = routes[5];
        Assert.Equal("blackhole", blackhole.Type);
        Assert.Empty(blackhole.NextHops);
        Assert.Null(blackhole.Gateway);
    }

    [Fact]
    public void ParseRoutes_EmptyOutput_IsNoRoutes_GarbageIsAnError()
    {
        Assert.Empty(BirdOutputParser.ParseRoutes("BIRD 2.0.12 ready.\n"));
        Assert.Empty(BirdOutputParser.ParseRoutes(""));
        Assert.Throws<FormatException>(() => BirdOutputParser.ParseRoutes("syntax error, unexpected CF_SYM_UNDEFINED\n"));
        Assert.Throws<FormatException>(() => BirdOutputParser.ParseRoutes("\tvia 198.51.100.2 on eth0\n"));
    }

    [Fact]
    public void ParseProtocols_ReadsLongAndShortTimes_AndInfoWithSpaces()
    {
        const string Output =
            "BIRD 2.0.12 ready.\n" +
            "Name       Proto      Table      State  Since         Info\n" +
            "device1    Device     ---        up     2026-11-24 12:28:28.956  \n" +
            "gate64_kernel4 Kernel     master4    up     2026-11-24 12:28:28.956  \n" +
            "gate64_v4  BGP        ---        start  2026-11-24 12:28:28.956  Passive       \n" +
            "gate64_v4_1 BGP        ---        up     12:26:55.688  Established   \n" +
            "gate64_v6_1 BGP        ---        start  2026-11-24 12:28:14.046  Passive       Received: Peer de-configured\n";

        IReadOnlyList<BirdProtocol> protocols = BirdOutputParser.ParseProtocols(Output);

        Assert.Equal(["device1", "gate64_kernel4", "gate64_v4", "gate64_v4_1", "gate64_v6_1"], protocols.Select(p => p.Name));
        Assert.Equal(new BirdProtocol("device1", "Device", "---", "up", "2026-11-24 12:28:28.956", ""), protocols[0]);
        Assert.Equal("master4", protocols[1].Table);
        Assert.False(protocols[2].IsEstablished);
        Assert.True(protocols[3].IsEstablished);
        Assert.Equal("12:26:55.688", protocols[3].Since);
        Assert.Equal("Passive       Received: Peer de-configured", protocols[4].Info);
        Assert.Equal("start", protocols[4].State);
    }

    [Fact]
    public void ParseNetworkCounts_AndImportStats()
    {
        IReadOnlyDictionary<string, int> counts = BirdOutputParser.ParseNetworkCounts(
            "100000 of 100000 routes for 100000 networks in table master4\n" +
            "2 of 3 routes for 2 networks in table master6\n" +
            "Total: 100002 of 100003 routes for 100002 networks in 2 tables\n");
        BirdImportStats stats = BirdOutputParser.ParseImportStats(
            "  Channel ipv4\n" +
            "    Routes:         1 imported, 0 exported, 1 preferred\n" +
            "    Route change stats:     received   rejected   filtered    ignored   accepted\n" +
            "      Import updates:              5          0          3          0          2\n" +
            "      Import withdraws:            1          0        ---          0          1\n" +
            "      Export updates:              1          1          0        ---          0\n");

        Assert.Equal(2, counts.Count);
        Assert.Equal(100_000, counts["master4"]);
        Assert.Equal(2, counts["master6"]);
        Assert.Equal(new BirdImportStats(5, 0, 3, 0, 2) { WithdrawsReceived = 1 }, stats);
        Assert.Throws<FormatException>(() => BirdOutputParser.ParseImportStats("gate64_v4 BGP --- start"));
    }
}
