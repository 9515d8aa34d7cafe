using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Bgp;

public class AdjRibOutTests
{
    private static readonly IpPrefix s_a = IpPrefix.Parse("192.0.2.10/32");
    private static readonly IpPrefix s_b = IpPrefix.Parse("192.0.2.11/32");
    private static readonly IpPrefix s_c = IpPrefix.Parse("192.0.2.12/32");

    [Fact]
    public void Reconcile_FromEmpty_AnnouncesEverything()
    {
        AdjRibOut rib = new();

        RibChanges changes = rib.Reconcile(BgpAddressFamily.Ipv4Unicast, new HashSet<IpPrefix> { s_a, s_b });

        Assert.Equal([s_a, s_b], changes.Announce.Order(PrefixOrder.Instance));
        Assert.Empty(changes.Withdraw);
        Assert.Equal(2, rib.Count(BgpAddressFamily.Ipv4Unicast));
    }

    [Fact]
    public void Reconcile_AfterAChange_SendsOnlyTheDifference()
    {
        AdjRibOut rib = new();
        rib.Reconcile(BgpAddressFamily.Ipv4Unicast, new HashSet<IpPrefix> { s_a, s_b });

        RibChanges changes = rib.Reconcile(BgpAddressFamily.Ipv4Unicast, new HashSet<IpPrefix> { s_b, s_c });

        Assert.Equal([s_c], changes.Announce);
        Assert.Equal([s_a], changes.Withdraw);
        Assert.True(rib.Reconcile(BgpAddressFamily.Ipv4Unicast, new HashSet<IpPrefix> { s_b, s_c }).IsEmpty);
    }

    [Fact]
    public void Reconcile_KeepsFamiliesApart_AndClearForgetsAll()
    {
        AdjRibOut rib = new();
        IpPrefix v6 = IpPrefix.Parse("2001:db8:10::10/128");
        rib.Reconcile(BgpAddressFamily.Ipv4Unicast, new HashSet<IpPrefix> { s_a });
        rib.Reconcile(BgpAddressFamily.Ipv6Unicast, new HashSet<IpPrefix> { v6 });

        Assert.Equal([s_a], rib.Announced(BgpAddressFamily.Ipv4Unicast));
        Assert.Equal([v6], rib.Announced(BgpAddressFamily.Ipv6Unicast));

        rib.Clear();

        Assert.Equal(0, rib.Count(BgpAddressFamily.Ipv4Unicast));
        Assert.Equal([s_a], rib.Reconcile(BgpAddressFamily.Ipv4Unicast, new HashSet<IpPrefix> { s_a }).Announce);
    }

    private sealed class PrefixOrder : IComparer<IpPrefix>
    {
        public static readonly PrefixOrder Instance = new();

        public int Compare(IpPrefix x, IpPrefix y) => string.CompareOrdinal(x.ToString(), y.ToString());
    }
}
