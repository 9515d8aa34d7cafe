using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

public class BirdRouteTextTests
{
    // As BIRD 2.0.12 prints 'show route' in the demo, with a second route for a moving workload.
    private const string ShowRoute =
        "BIRD 2.0.12 ready.\n" +
        "Table master4:\n" +
        "198.51.100.128/28    unicast [gate64_v4_1 13:31:10.475] * (100) [AS65001i]\n" +
        "\tvia 198.51.100.2 on g64demo-gateway\n" +
        "198.51.100.80/32     unicast [gate64_v4_1 13:31:10.475] * (100) [AS65001i]\n" +
        "\tvia 198.51.100.2 on g64demo-gateway\n" +
        "\n" +
        "Table master6:\n" +
        "2001:db8:64::/96     unicast [gate64_v6_1 13:31:10.586] * (100) [AS65001i]\n" +
        "\tvia 2001:db8:ffff:1::2 on g64demo-gateway\n" +
        "2001:db8:10::1/128   unicast [gate64_v6_2 13:31:12.791] * (100) [AS65001i]\n" +
        "\tvia 2001:db8:ffff:2::2 on g64demo-hosta\n" +
        "                     unicast [gate64_v6_3 13:31:14.143] (100) [AS65001i]\n" +
        "\tvia 2001:db8:ffff:3::2 on g64demo-hostb\n";

    [Fact]
    public void NextHops_EveryNetworkWithTheNextHopsOfAllItsRoutes()
    {
        IReadOnlyDictionary<string, IReadOnlyList<string>> routes = BirdRouteText.NextHops(ShowRoute);

        Assert.Equal(4, routes.Count);
        Assert.Equal(["198.51.100.2"], routes["198.51.100.128/28"]);
        Assert.Equal(["198.51.100.2"], routes["198.51.100.80/32"]);
        Assert.Equal(["2001:db8:ffff:1::2"], routes["2001:db8:64::/96"]);
        Assert.Equal(["2001:db8:ffff:2::2", "2001:db8:ffff:3::2"], routes["2001:db8:10::1/128"]);
    }

    [Fact]
    public void NextHops_NoRoutes_IsEmpty() =>
        Assert.Empty(BirdRouteText.NextHops("BIRD 2.0.12 ready.\n"));

    [Fact]
    public void MoveStep_OnlyVia_RequiresEveryRouteThroughTheNewHost()
    {
        Assert.False(MoveStep.OnlyVia(ShowRoute, "2001:db8:10::1/128", "2001:db8:ffff:3::2"));
        Assert.True(MoveStep.OnlyVia(ShowRoute, "2001:db8:64::/96", "2001:db8:ffff:1::2"));
        Assert.False(MoveStep.OnlyVia(ShowRoute, "2001:db8:10::2/128", "2001:db8:ffff:3::2"));
    }

    [Fact]
    public void BgpRoutesStep_Missing_NamesTheNetworksWithoutTheirExpectedNextHop()
    {
        IReadOnlyList<string> missing = BgpRoutesStep.Missing(ShowRoute);

        Assert.Equal([$"{DemoAddresses.Workload2}/128", $"{DemoAddresses.Dns64Address}/128"], missing);
    }

    [Fact]
    public void BgpRoutesStep_Missing_EverythingThere_IsEmpty()
    {
        string complete = string.Concat(BgpRoutesStep.Expected.Select(e => $"{e.Network}  unicast [p 10:00:00.000] * (100) [AS65001i]\n\tvia {e.NextHop} on x\n"));

        Assert.Empty(BgpRoutesStep.Missing(complete));
    }
}
