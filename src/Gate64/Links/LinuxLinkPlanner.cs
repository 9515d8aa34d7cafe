using System.Globalization;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// Plans a link on Linux with iproute2 and sysctl (verified in network namespaces, see docs/links.md):
/// <code>
///  host namespace                                    workload namespace
///  NAME  ee:ee:ee:ee:ee:ee, fe80::ecee:eeff:feee:eeee ─ eth0  ADDR6/128 (+ ADDR4/32)
///        proxy_arp=1, no global address                    default via fe80::ecee:eeff:feee:eeee dev eth0
///  ADDR6/128 dev NAME proto 64                             169.254.1.1 dev eth0 scope link
///  ADDR4/32  dev NAME proto 64                             169.254.1.1 lladdr ee:ee:ee:ee:ee:ee permanent
///  forwarding on                                           default via 169.254.1.1 dev eth0
/// </code>
/// The veth pair is made with its workload end directly inside the namespace (never a temporary name on the
/// host), so the first step is also the only one whose undo matters: deleting the host end deletes the pair, the
/// addresses and routes on both ends and the per-interface sysctls.
/// </summary>
internal static class LinuxLinkPlanner
{
    private const string Ip = "ip";
    private const string Sysctl = "sysctl";

    public static LinkPlan Up(LinkSpec spec)
    {
        string name = spec.Name;
        string ns = spec.Target.Name;
        string eth0 = LinkAddressing.WorkloadInterface;
        string hostLinkLocal = LinkAddressing.HostLinkLocal.ToString();
        string gateway4 = LinkAddressing.Ipv4Gateway.ToString();
        bool ipv4 = spec.Ipv4 is not null;
        List<PlanStep> steps =
        [
            new(ArgumentVector.Of(Ip, "link", "add", name, "address", LinkAddressing.HostMac, "type", "veth", "peer", "name", eth0, "netns", ns),
                Undo: ArgumentVector.Of(Ip, "link", "del", "dev", name)),
            new(ArgumentVector.Of(Ip, "link", "set", "dev", name, "alias", LinkMarker.Format(spec))),
            // The fixed link-local address below is the only one: no second, MAC- or secret-derived one.
            new(ArgumentVector.Of(Ip, "link", "set", "dev", name, "addrgenmode", "none")),
            new(ArgumentVector.Of(Ip, "address", "add", $"{hostLinkLocal}/64", "dev", name, "nodad")),
        ];
        if (ipv4)
        {
            // Proxy ARP answers for 169.254.1.1 only while the host routes that address through another interface
            // (e.g. a default route); the permanent neighbour entry in the workload makes it needless, proxy ARP
            // stays as the fallback for a workload that replaces its neighbour table. No reply delay (default 0.8 s).
            steps.Add(new(ArgumentVector.Of(Sysctl, "-q", "-w", $"{InterfaceKey("net.ipv4.conf", name)}.proxy_arp=1")));
            steps.Add(new(ArgumentVector.Of(Sysctl, "-q", "-w", $"{InterfaceKey("net.ipv4.neigh", name)}.proxy_delay=0")));
        }
        steps.Add(new(ArgumentVector.Of(Ip, "link", "set", "dev", name, "up")));

        steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "link", "set", "dev", "lo", "up")));
        steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "address", "add", spec.Ipv6Route.ToString(), "dev", eth0, "nodad")));
        if (spec.Ipv4Route is { } ipv4Route)
        {
            steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "address", "add", ipv4Route.ToString(), "dev", eth0)));
        }
        steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "link", "set", "dev", eth0, "up")));
        steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "-6", "route", "add", "default", "via", hostLinkLocal, "dev", eth0)));
        if (ipv4)
        {
            steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "-4", "route", "add", $"{gateway4}/32", "dev", eth0, "scope", "link")));
            steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "-4", "neigh", "replace", gateway4, "lladdr", LinkAddressing.HostMac, "dev", eth0, "nud", "permanent")));
            steps.Add(new(ArgumentVector.Of(Ip, "-n", ns, "-4", "route", "add", "default", "via", gateway4, "dev", eth0)));
        }

        steps.Add(HostRoute(spec.Ipv6Route, name));
        if (spec.Ipv4Route is { } route4)
        {
            steps.Add(HostRoute(route4, name));
        }
        steps.Add(new(ArgumentVector.Of(Sysctl, "-q", "-w", "net.ipv6.conf.all.forwarding=1")));
        if (ipv4)
        {
            steps.Add(new(ArgumentVector.Of(Sysctl, "-q", "-w", "net.ipv4.ip_forward=1")));
        }
        return new LinkPlan(LinkPlatform.Linux, steps);
    }

    /// <summary>Deleting the host end deletes the pair, every address and route on it (ours included) and its sysctls.</summary>
    public static LinkPlan Down(string name) =>
        new(LinkPlatform.Linux, [new(ArgumentVector.Of(Ip, "link", "del", "dev", name))]);

    /// <summary><c>ip -4|-6 route add PREFIX dev NAME proto 64</c>, undone by the matching <c>del</c>.</summary>
    private static PlanStep HostRoute(IpPrefix route, string name)
    {
        string family = route.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "-6" : "-4";
        string protocol = OwnedRoutes.ProtocolNumber.ToString(CultureInfo.InvariantCulture);
        return new(
            ArgumentVector.Of(Ip, family, "route", "add", route.ToString(), "dev", name, "proto", protocol),
            Undo: ArgumentVector.Of(Ip, family, "route", "del", route.ToString(), "dev", name, "proto", protocol));
    }

    /// <summary>
    /// <c>PREFIX.NAME</c> as sysctl(8) reads it: a dot inside an interface name (a VLAN such as <c>gw.10</c>) is
    /// written as '/', since sysctl splits keys at dots.
    /// </summary>
    private static string InterfaceKey(string prefix, string name) => $"{prefix}.{name.Replace('.', '/')}";
}
