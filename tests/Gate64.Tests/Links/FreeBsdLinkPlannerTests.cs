using Gate64.Links;

namespace Gate64.Tests.Links;

public class FreeBsdLinkPlannerTests
{
    [Fact]
    public void Up_WithIpv4_IsTheGoldenPlan()
    {
        LinkPlan plan = FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd());

        Assert.Equal(LinkPlatform.FreeBsd, plan.Platform);
        Assert.Equal(
            """
            sysctl net.route.rib_route_ipv6_nexthop=1
            EPAIR=$(ifconfig epair create)
            ifconfig "${EPAIR}" name gw0
            ifconfig gw0 description 'gate64 link jail=web ipv6=2001:db8:10::10 ipv4=192.0.2.10'
            ifconfig gw0 inet6 -ifdisabled no_dad up
            ifconfig gw0 inet6 fe80::ecee:eeff:feee:eeee%gw0 prefixlen 64 alias
            ifconfig "${EPAIR%a}b" vnet web
            jexec web ifconfig lo0 up
            jexec web ifconfig "${EPAIR%a}b" inet6 -ifdisabled no_dad up
            jexec web ifconfig "${EPAIR%a}b" inet6 "fe80::2%${EPAIR%a}b" prefixlen 64 alias
            jexec web ifconfig "${EPAIR%a}b" inet6 2001:db8:10::10 prefixlen 128 alias
            jexec web ifconfig "${EPAIR%a}b" inet 192.0.2.10/32 alias
            jexec web route -6 add default "fe80::ecee:eeff:feee:eeee%${EPAIR%a}b"
            jexec web route add -net 0.0.0.0/0 -inet6 "fe80::ecee:eeff:feee:eeee%${EPAIR%a}b"
            route -6 add -host 2001:db8:10::10 fe80::2%gw0 -proto2
            route add -net 192.0.2.10/32 -inet6 fe80::2%gw0 -proto2
            sysctl net.inet6.ip6.forwarding=1
            sysctl net.inet.ip.forwarding=1
            """,
            plan.ToString());
    }

    [Fact]
    public void Up_Ipv6Only_IsTheGoldenPlan()
    {
        LinkPlan plan = FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd(ipv4: null));

        Assert.Equal(
            """
            EPAIR=$(ifconfig epair create)
            ifconfig "${EPAIR}" name gw0
            ifconfig gw0 description 'gate64 link jail=web ipv6=2001:db8:10::10'
            ifconfig gw0 inet6 -ifdisabled no_dad up
            ifconfig gw0 inet6 fe80::ecee:eeff:feee:eeee%gw0 prefixlen 64 alias
            ifconfig "${EPAIR%a}b" vnet web
            jexec web ifconfig lo0 up
            jexec web ifconfig "${EPAIR%a}b" inet6 -ifdisabled no_dad up
            jexec web ifconfig "${EPAIR%a}b" inet6 "fe80::2%${EPAIR%a}b" prefixlen 64 alias
            jexec web ifconfig "${EPAIR%a}b" inet6 2001:db8:10::10 prefixlen 128 alias
            jexec web route -6 add default "fe80::ecee:eeff:feee:eeee%${EPAIR%a}b"
            route -6 add -host 2001:db8:10::10 fe80::2%gw0 -proto2
            sysctl net.inet6.ip6.forwarding=1
            """,
            plan.ToString());
    }

    [Fact]
    public void Up_UndoCommands_ReverseTheCreateTheRenameAndTheRoutes()
    {
        LinkPlan plan = FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd());

        string[] undos = [.. plan.Steps.Where(step => step.Undo is not null).Select(step => step.Undo!.ToString())];
        Assert.Equal(
            [
                "ifconfig \"${EPAIR}\" destroy",
                "ifconfig gw0 name \"${EPAIR}\"",
                "route -6 delete -host 2001:db8:10::10",
                "route delete -net 192.0.2.10/32",
            ],
            undos);
        Assert.Equal(FreeBsdLinkPlanner.EpairVariable, Assert.Single(plan.Steps, step => step.CaptureAs is not null).CaptureAs);
    }

    [Fact]
    public void Down_DestroysTheHostEnd()
    {
        Assert.Equal("ifconfig gw0 destroy", FreeBsdLinkPlanner.Down("gw0").ToString());
    }
}
