using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Bgp;

public class DesiredRoutesTests
{
    private static readonly IpPrefix s_service = IpPrefix.Parse("2001:db8:64::/96");
    private static readonly IpPrefix s_workload4 = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_workload6 = IpPrefix.Parse("2001:db8:10::10/128");

    [Fact]
    public void Current_AtFirst_HoldsTheConfiguredPrefixes()
    {
        DesiredRoutes desired = new([s_service]);

        Assert.Equal([s_service], desired.Current.For(BgpAddressFamily.Ipv6Unicast));
        Assert.Empty(desired.Current.For(BgpAddressFamily.Ipv4Unicast));
    }

    [Fact]
    public async Task SetOwnedRoutes_PublishesTheUnion_AndWakesAWaiter()
    {
        DesiredRoutes desired = new([s_service]);
        BgpRouteSet seen = desired.Current;
        Task<BgpRouteSet> waiting = desired.WaitForNewerAsync(seen, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        desired.SetOwnedRoutes([s_workload4, s_workload6, s_service]);

        BgpRouteSet next = await waiting.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(next.Version > seen.Version);
        Assert.Equal([s_workload4], next.For(BgpAddressFamily.Ipv4Unicast));
        Assert.Equal(2, next.For(BgpAddressFamily.Ipv6Unicast).Count);
        Assert.Equal(3, next.Count);
    }

    [Fact]
    public void SetOwnedRoutes_WithNothingNew_PublishesNothing()
    {
        DesiredRoutes desired = new([s_service]);
        desired.SetOwnedRoutes([s_workload4]);
        BgpRouteSet before = desired.Current;

        desired.SetOwnedRoutes([s_workload4]);

        Assert.Same(before, desired.Current);
        Assert.False(desired.WaitForNewerAsync(before, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void SetOwnedRoutes_NeverDropsTheConfiguredPrefixes()
    {
        DesiredRoutes desired = new([s_service]);
        desired.SetOwnedRoutes([s_workload6]);

        desired.SetOwnedRoutes([]);

        Assert.Equal([s_service], desired.Current.For(BgpAddressFamily.Ipv6Unicast));
    }

    [Fact]
    public async Task WaitForNewerAsync_WhenASnapshotIsAlreadyNewer_ReturnsAtOnce()
    {
        DesiredRoutes desired = new([]);
        BgpRouteSet old = desired.Current;
        desired.SetOwnedRoutes([s_workload4]);

        BgpRouteSet newer = await desired.WaitForNewerAsync(old, CancellationToken.None);

        Assert.Same(desired.Current, newer);
    }
}
