using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Configuration;

/// <summary>What a reload changes in the BGP speaker's desired routes: the configured prefixes and the routes' communities.</summary>
public class BgpReloadTests
{
    private static readonly IpPrefix s_service = IpPrefix.Parse("2001:db8:64::/96");
    private static readonly IpPrefix s_pool = IpPrefix.Parse("203.0.113.0/28");
    private static readonly IpPrefix s_workload = IpPrefix.Parse("192.0.2.10/32");

    [Fact]
    public async Task SetConfigured_NewPrefixes_PublishesTheNewUnionKeepingTheKernelRoutes()
    {
        DesiredRoutes desired = new([s_service]);
        desired.SetOwnedRoutes([s_workload]);
        BgpRouteSet seen = desired.Current;
        Task<BgpRouteSet> waiting = desired.WaitForNewerAsync(seen, CancellationToken.None);

        desired.SetConfigured([s_pool]);

        BgpRouteSet next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(next.For(BgpAddressFamily.Ipv4Unicast).SetEquals([s_pool, s_workload]), string.Join(", ", next.For(BgpAddressFamily.Ipv4Unicast)));
        Assert.Empty(next.For(BgpAddressFamily.Ipv6Unicast));
    }

    [Fact]
    public void SetConfigured_SamePrefixes_PublishesNothing()
    {
        DesiredRoutes desired = new([s_service, s_pool]);
        BgpRouteSet before = desired.Current;

        desired.SetConfigured([s_pool, s_service]);

        Assert.Same(before, desired.Current);
    }

    [Fact]
    public async Task SetAttributes_SamePrefixes_StillWakesTheSessionsWithTheNewCommunities()
    {
        DesiredRoutes desired = new([s_service]);
        BgpRouteSet seen = desired.Current;
        Assert.Null(desired.Attributes);
        Task<BgpRouteSet> waiting = desired.WaitForNewerAsync(seen, CancellationToken.None);
        BgpOptions options = new() { LocalAs = 4200000001 };
        Assert.True(BgpCommunity.TryParse("65001:200", out uint community));
        options.Communities.Add(community);

        desired.SetAttributes(BgpPeerSession.AttributesFor(options));

        BgpRouteSet next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(next.SameRoutes(seen));
        Assert.True(next.Version > seen.Version);
        Assert.Equal(seen.IsComplete, next.IsComplete);
        Assert.Equal([community], desired.Attributes!.Communities);
        Assert.Equal([4200000001u], desired.Attributes.AsPath);
    }
}
