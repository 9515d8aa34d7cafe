using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>
/// The shipped BIRD snippet's ECMP claim: two gateways announcing the same service prefix end up
/// as one multipath kernel route (<c>merge paths</c> in bird.conf's kernel protocol).
/// </summary>
public sealed class RouterSnippetEcmpTests
{
    [Fact(Timeout = BgpTimeouts.TestMilliseconds)]
    public async Task ShippedBirdSnippet_TwoGatewaysAnnounceOneServicePrefix_KernelGetsOneMultipathRoute()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        // A second gateway on its own /30 next to the first: 198.51.100.5 (router) -- .6 (gateway 2).
        NetworkNamespace second = topology.Own(await NetworkNamespace.CreateAsync("host2", topology.Tag));
        VethLink secondLink = topology.Own(await VethLink.CreateAsync(second, ["198.51.100.6/30"], topology.Router, ["198.51.100.5/30"]));
        UpstreamRouterSettings settings = BgpTopology.RouterSettings() with { HostRange4 = IpPrefix.Parse("198.51.100.0/29") };
        BirdRouter bird = await topology.StartBirdAsync(settings);

        GoBgpOptions first = BgpTopology.HostSpeakerOptions();
        GoBgpDaemon gateway1 = await topology.StartGoBgpAsync(topology.Host, first with { Neighbors = [first.Neighbors[0]] });
        GoBgpDaemon gateway2 = await topology.StartGoBgpAsync(second, first with
        {
            RouterId = IPAddress.Parse("198.51.100.6"),
            Neighbors = [first.Neighbors[0] with { Address = IPAddress.Parse("198.51.100.5") }],
        });
        await gateway1.AddRouteAsync(BgpTopology.ServicePrefix4, BgpTopology.HostAddress4);
        await gateway2.AddRouteAsync(BgpTopology.ServicePrefix4, IPAddress.Parse("198.51.100.6"));

        await bird.WaitForEstablishedAsync(2, BgpTimeouts.Session);
        IReadOnlyList<BirdRoute> routes = await bird.WaitForRoutesAsync(
            all => all.Count(r => r.Prefix == BgpTopology.ServicePrefix4) == 2, BgpTimeouts.Routes, "the service prefix from both gateways");
        Assert.Single(routes, r => r.IsPrimary);

        string kernel = await bird.WaitUntilAsync(
            () => topology.Router.IpAsync("-4", "route", "show", BgpTopology.ServicePrefix4.ToString()),
            text => text.Contains("nexthop via 198.51.100.2", StringComparison.Ordinal) && text.Contains("nexthop via 198.51.100.6", StringComparison.Ordinal),
            BgpTimeouts.Routes,
            "one multipath kernel route via both gateways");
        Assert.Contains($"dev {topology.RouterInterface}", kernel, StringComparison.Ordinal);
        Assert.Contains($"dev {secondLink.SecondName}", kernel, StringComparison.Ordinal);
    }
}
