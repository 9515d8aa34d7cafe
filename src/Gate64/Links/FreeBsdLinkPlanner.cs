namespace Gate64.Links;

/// <summary>
/// Plans a link on FreeBSD (13.1 or later) as ifconfig/jexec/route/sysctl argument vectors:
/// <code>
///  host                                               VNET jail
///  NAME (epairNa)  fe80::ecee:eeff:feee:eeee ──────── epairNb  fe80::2, ADDR6/128 (+ ADDR4/32)
///  ADDR6 via fe80::2%NAME  (-proto2)                  default via fe80::ecee:eeff:feee:eeee%epairNb
///  ADDR4/32 via fe80::2%NAME (-proto2, RFC 5549)      0.0.0.0/0 via fe80::ecee:eeff:feee:eeee%epairNb (RFC 5549)
/// </code>
/// IPv4 is "option A" of routing.md §3.3: IPv4 routes with IPv6 link-local next hops (FreeBSD's RFC 5549 support,
/// <c>net.route.rib_route_ipv6_nexthop</c>). Neither end has an IPv4 address it does not need, nothing uses ARP, and
/// no host-wide switch is flipped: FreeBSD's proxy ARP (<c>net.link.ether.inet.proxyall</c>) would answer on every
/// interface, uplink included, and a host end without an IPv4 address cannot ARP for the jail at all. The cost: the
/// host itself cannot originate IPv4 to a jail through the link (no IPv4 source address on it); forwarded traffic
/// and the jail's own traffic are unaffected.
/// <para>
/// <c>ifconfig epair create</c> picks the unit itself, so its output (<c>epairNa</c>) is captured into
/// <c>EPAIR</c>; the jail end is <c>${EPAIR%a}b</c> and keeps that name, which is unique on the host: a VNET jail
/// hands its interfaces back to the host when it is removed, and a fixed name such as eth0 could then clash.
/// Host routes carry <c>RTF_PROTO2</c> (netstat flag "2") as the mark of ours; not <c>RTF_PROTO1</c>, which BIRD
/// uses for the routes it owns (and removes).
/// </para>
/// </summary>
internal static class FreeBsdLinkPlanner
{
    /// <summary>The variable holding the host end's original name (<c>epairNa</c>).</summary>
    public const string EpairVariable = "EPAIR";

    private const string Ifconfig = "ifconfig";
    private const string Route = "route";
    private const string Jexec = "jexec";
    private const string Sysctl = "sysctl";
    private const string OwnedRouteFlag = "-proto2";

    public static LinkPlan Up(LinkSpec spec)
    {
        string name = spec.Name;
        string jail = spec.Target.Name;
        string epair = PlanVariables.Reference(EpairVariable);
        string jailEnd = PlanVariables.WithoutSuffix(EpairVariable, "a") + "b";
        string hostLinkLocal = LinkAddressing.HostLinkLocal.ToString();
        string workloadLinkLocal = LinkAddressing.FreeBsdWorkloadLinkLocal.ToString();
        bool ipv4 = spec.Ipv4 is not null;
        List<PlanStep> steps = [];
        if (ipv4)
        {
            // First, before anything is made: fails on kernels without RFC 5549 support.
            steps.Add(new(ArgumentVector.Of(Sysctl, "net.route.rib_route_ipv6_nexthop=1")));
        }
        steps.Add(new(ArgumentVector.Of(Ifconfig, "epair", "create"), Undo: ArgumentVector.Of(Ifconfig, epair, "destroy"), CaptureAs: EpairVariable));
        steps.Add(new(ArgumentVector.Of(Ifconfig, epair, "name", name), Undo: ArgumentVector.Of(Ifconfig, name, "name", epair)));
        steps.Add(new(ArgumentVector.Of(Ifconfig, name, "description", LinkMarker.Format(spec))));
        steps.Add(new(ArgumentVector.Of(Ifconfig, name, "inet6", "-ifdisabled", "no_dad", "up")));
        steps.Add(new(ArgumentVector.Of(Ifconfig, name, "inet6", $"{hostLinkLocal}%{name}", "prefixlen", "64", "alias")));
        steps.Add(new(ArgumentVector.Of(Ifconfig, jailEnd, "vnet", jail)));

        steps.Add(new(ArgumentVector.Of(Jexec, jail, Ifconfig, "lo0", "up")));
        steps.Add(new(ArgumentVector.Of(Jexec, jail, Ifconfig, jailEnd, "inet6", "-ifdisabled", "no_dad", "up")));
        steps.Add(new(ArgumentVector.Of(Jexec, jail, Ifconfig, jailEnd, "inet6", $"{workloadLinkLocal}%{jailEnd}", "prefixlen", "64", "alias")));
        steps.Add(new(ArgumentVector.Of(Jexec, jail, Ifconfig, jailEnd, "inet6", spec.Ipv6.ToString(), "prefixlen", "128", "alias")));
        if (spec.Ipv4Route is { } ipv4Route)
        {
            steps.Add(new(ArgumentVector.Of(Jexec, jail, Ifconfig, jailEnd, "inet", ipv4Route.ToString(), "alias")));
        }
        steps.Add(new(ArgumentVector.Of(Jexec, jail, Route, "-6", "add", "default", $"{hostLinkLocal}%{jailEnd}")));
        if (ipv4)
        {
            steps.Add(new(ArgumentVector.Of(Jexec, jail, Route, "add", "-net", "0.0.0.0/0", "-inet6", $"{hostLinkLocal}%{jailEnd}")));
        }

        string ipv6Host = spec.Ipv6.ToString();
        steps.Add(new(
            ArgumentVector.Of(Route, "-6", "add", "-host", ipv6Host, $"{workloadLinkLocal}%{name}", OwnedRouteFlag),
            Undo: ArgumentVector.Of(Route, "-6", "delete", "-host", ipv6Host)));
        if (spec.Ipv4Route is { } route4)
        {
            steps.Add(new(
                ArgumentVector.Of(Route, "add", "-net", route4.ToString(), "-inet6", $"{workloadLinkLocal}%{name}", OwnedRouteFlag),
                Undo: ArgumentVector.Of(Route, "delete", "-net", route4.ToString())));
        }
        steps.Add(new(ArgumentVector.Of(Sysctl, "net.inet6.ip6.forwarding=1")));
        if (ipv4)
        {
            steps.Add(new(ArgumentVector.Of(Sysctl, "net.inet.ip.forwarding=1")));
        }
        return new LinkPlan(LinkPlatform.FreeBsd, steps);
    }

    /// <summary>
    /// Destroying the host end destroys the jail end too, wherever it is (if_epair destroys both halves, each in its
    /// own VNET), and the kernel drops every route through the interface: the jail is not needed.
    /// </summary>
    public static LinkPlan Down(string name) =>
        new(LinkPlatform.FreeBsd, [new(ArgumentVector.Of(Ifconfig, name, "destroy"))]);
}
