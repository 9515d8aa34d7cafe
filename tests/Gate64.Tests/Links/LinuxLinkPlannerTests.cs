using Gate64.Links;

namespace Gate64.Tests.Links;

public class LinuxLinkPlannerTests
{
    [Fact]
    public void Up_WithIpv4_IsTheGoldenPlan()
    {
        LinkPlan plan = LinuxLinkPlanner.Up(LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::10", "192.0.2.10"));

        Assert.Equal(LinkPlatform.Linux, plan.Platform);
        Assert.Equal(
            """
            ip link add gw0 address ee:ee:ee:ee:ee:ee type veth peer name eth0 netns ws1
            ip link set dev gw0 alias 'gate64 link netns=ws1 ipv6=2001:db8:10::10 ipv4=192.0.2.10'
            ip link set dev gw0 addrgenmode none
            ip address add fe80::ecee:eeff:feee:eeee/64 dev gw0 nodad
            sysctl -q -w net.ipv4.conf.gw0.proxy_arp=1
            sysctl -q -w net.ipv4.neigh.gw0.proxy_delay=0
            ip link set dev gw0 up
            ip -n ws1 link set dev lo up
            ip -n ws1 address add 2001:db8:10::10/128 dev eth0 nodad
            ip -n ws1 address add 192.0.2.10/32 dev eth0
            ip -n ws1 link set dev eth0 up
            ip -n ws1 -6 route add default via fe80::ecee:eeff:feee:eeee dev eth0
            ip -n ws1 -4 route add 169.254.1.1/32 dev eth0 scope link
            ip -n ws1 -4 neigh replace 169.254.1.1 lladdr ee:ee:ee:ee:ee:ee dev eth0 nud permanent
            ip -n ws1 -4 route add default via 169.254.1.1 dev eth0
            ip -6 route add 2001:db8:10::10/128 dev gw0 proto 64
            ip -4 route add 192.0.2.10/32 dev gw0 proto 64
            sysctl -q -w net.ipv6.conf.all.forwarding=1
            sysctl -q -w net.ipv4.ip_forward=1
            """,
            plan.ToString());
    }

    [Fact]
    public void Up_Ipv6Only_HasNoIpv4StepsAtAll()
    {
        LinkPlan plan = LinuxLinkPlanner.Up(LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::10", null));

        Assert.Equal(
            """
            ip link add gw0 address ee:ee:ee:ee:ee:ee type veth peer name eth0 netns ws1
            ip link set dev gw0 alias 'gate64 link netns=ws1 ipv6=2001:db8:10::10'
            ip link set dev gw0 addrgenmode none
            ip address add fe80::ecee:eeff:feee:eeee/64 dev gw0 nodad
            ip link set dev gw0 up
            ip -n ws1 link set dev lo up
            ip -n ws1 address add 2001:db8:10::10/128 dev eth0 nodad
            ip -n ws1 link set dev eth0 up
            ip -n ws1 -6 route add default via fe80::ecee:eeff:feee:eeee dev eth0
            ip -6 route add 2001:db8:10::10/128 dev gw0 proto 64
            sysctl -q -w net.ipv6.conf.all.forwarding=1
            """,
            plan.ToString());
    }

    [Fact]
    public void Up_DottedName_IsWrittenWithSlashesInSysctlKeys()
    {
        LinkPlan plan = LinuxLinkPlanner.Up(LinkSpecs.Create("gw.10", LinkTarget.NetworkNamespace("ws1"), "2001:db8::1", "192.0.2.1"));

        Assert.Contains("sysctl -q -w net.ipv4.conf.gw/10.proxy_arp=1", plan.RenderLines());
        Assert.Contains("sysctl -q -w net.ipv4.neigh.gw/10.proxy_delay=0", plan.RenderLines());
    }

    [Fact]
    public void Up_OnlyTheVethAndTheHostRoutes_HaveUndoCommands()
    {
        LinkPlan plan = LinuxLinkPlanner.Up(LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::10", "192.0.2.10"));

        string[] undos = [.. plan.Steps.Where(step => step.Undo is not null).Select(step => step.Undo!.ToString())];
        Assert.Equal(
            [
                "ip link del dev gw0",
                "ip -6 route del 2001:db8:10::10/128 dev gw0 proto 64",
                "ip -4 route del 192.0.2.10/32 dev gw0 proto 64",
            ],
            undos);
        Assert.All(plan.Steps, step => Assert.Null(step.CaptureAs));
    }

    [Fact]
    public void Up_ArgumentsAreSeparateWords_NeverAShellString()
    {
        LinkPlan plan = LinuxLinkPlanner.Up(LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::10", null));

        ArgumentVector alias = plan.Steps[1].Command;
        Assert.Equal("ip", alias.Program);
        Assert.Equal(["link", "set", "dev", "gw0", "alias", "gate64 link netns=ws1 ipv6=2001:db8:10::10"], alias.Arguments);
    }

    [Fact]
    public void Down_DeletesTheHostEnd()
    {
        Assert.Equal("ip link del dev gw0", LinuxLinkPlanner.Down("gw0").ToString());
    }
}
