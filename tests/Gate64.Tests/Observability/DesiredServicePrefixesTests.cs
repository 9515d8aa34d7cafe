using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Observability;

/// <summary>The health-gated part of <see cref="DesiredRoutes"/>: a third input beside the configured and the kernel-owned prefixes.</summary>
public sealed class DesiredServicePrefixesTests
{
    private static readonly IpPrefix s_configured = IpPrefix.Parse("2001:db8:ffff:1::/64");
    private static readonly IpPrefix s_owned = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_service = IpPrefix.Parse("198.51.100.128/25");

    [Fact]
    public async Task SetServicePrefixes_AddsThemToTheUnion_AndWakesAWaiter()
    {
        DesiredRoutes desired = new([s_configured]);
        desired.SetOwnedRoutes([s_owned]);
        BgpRouteSet seen = desired.Current;
        Task<BgpRouteSet> waiting = desired.WaitForNewerAsync(seen, CancellationToken.None);

        desired.SetServicePrefixes([s_service]);

        BgpRouteSet next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["192.0.2.10/32", "198.51.100.128/25"], next.For(BgpAddressFamily.Ipv4Unicast).Select(p => p.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal([s_configured], next.For(BgpAddressFamily.Ipv6Unicast));
    }

    [Fact]
    public void SetServicePrefixes_Empty_WithdrawsThem_AndKeepsTheOtherParts()
    {
        DesiredRoutes desired = new([s_configured]);
        desired.SetOwnedRoutes([s_owned]);
        desired.SetServicePrefixes([s_service]);

        desired.SetServicePrefixes([]);

        Assert.Equal([s_owned], desired.Current.For(BgpAddressFamily.Ipv4Unicast));
        Assert.Equal(2, desired.Current.Count);
    }

    [Fact]
    public void SetOwnedRoutes_AfterServicePrefixes_KeepsTheServicePrefixes()
    {
        DesiredRoutes desired = new([]);
        desired.SetServicePrefixes([s_service]);

        desired.SetOwnedRoutes([s_owned]);
        desired.SetOwnedRoutes([]);

        Assert.Equal([s_service], desired.Current.For(BgpAddressFamily.Ipv4Unicast));
    }

    [Fact]
    public void SetServicePrefixes_Unchanged_PublishesNothing()
    {
        DesiredRoutes desired = new([]);
        desired.SetServicePrefixes([s_service]);
        BgpRouteSet before = desired.Current;

        desired.SetServicePrefixes([s_service]);

        Assert.Same(before, desired.Current);
    }

    [Fact]
    public void IsComplete_WaitsForTheKernelRoutesAndTheFirstHealthRound()
    {
        DesiredRoutes desired = new([s_configured], followsOwnedRoutes: true, gatesServicePrefixes: true);

        desired.SetOwnedRoutes([]);
        Assert.False(desired.Current.IsComplete);

        desired.SetServicePrefixes([]);
        Assert.True(desired.Current.IsComplete);
    }
}
