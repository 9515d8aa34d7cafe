using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// Decides whether an existing link is exactly what <c>up</c> asks for. The answer is the list of differences, in
/// words an operator can act on; empty means "already up".
/// </summary>
internal static class LinuxLinkComparison
{
    public static IReadOnlyList<string> Differences(LinkSpec spec, LinuxObservedLink observed)
    {
        List<string> differences = [];
        if (observed.Marker.Target != spec.Target)
        {
            differences.Add($"its workload end went to {observed.Marker.Target}, not {spec.Target}");
            return differences;
        }

        LinuxInterfaceState host = observed.HostEnd;
        if (!string.Equals(host.Mac, LinkAddressing.HostMac, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add($"the host end's MAC address is {host.Mac ?? "none"}, not {LinkAddressing.HostMac}");
        }
        if (!host.Addresses.Any(address => address.Address.Equals(LinkAddressing.HostLinkLocal) && address.PrefixLength == 64))
        {
            differences.Add($"the host end lacks its link-local address {LinkAddressing.HostLinkLocal}/64");
        }
        if (!host.Up)
        {
            differences.Add("the host end is down");
        }

        string eth0 = LinkAddressing.WorkloadInterface;
        if (observed.WorkloadEnd is not { } workload)
        {
            differences.Add(observed.WorkloadProblem ?? $"{spec.Target} has no {eth0}");
        }
        else
        {
            if (workload.Kind != "veth" || workload.Index != host.PeerIndex || workload.PeerIndex != host.Index)
            {
                differences.Add($"{eth0} in {spec.Target} is not the other end of {spec.Name}");
            }
            if (!workload.Up)
            {
                differences.Add($"{eth0} in {spec.Target} is down");
            }
            IpPrefix[] expected = Expected(spec);
            IpPrefix[] present = [.. workload.Addresses.Where(address => address.IsGlobal).Select(address => IpPrefix.Create(address.Address, address.PrefixLength))];
            if (!SameSet(expected, present))
            {
                differences.Add($"the workload's addresses are {Describe(present)}, not {Describe(expected)}");
            }
            if (!HasDefault(observed.WorkloadDefaultRoutes, AddressFamily.InterNetworkV6, LinkAddressing.HostLinkLocal.ToString()))
            {
                differences.Add($"the workload has no IPv6 default route via {LinkAddressing.HostLinkLocal} dev {eth0}");
            }
            if (spec.Ipv4 is not null && !HasDefault(observed.WorkloadDefaultRoutes, AddressFamily.InterNetwork, LinkAddressing.Ipv4Gateway.ToString()))
            {
                differences.Add($"the workload has no IPv4 default route via {LinkAddressing.Ipv4Gateway} dev {eth0}");
            }
        }

        IpPrefix[] routes = Expected(spec);
        if (!SameSet(routes, observed.HostRoutes))
        {
            differences.Add($"the host routes through it (proto {OwnedRoutes.ProtocolNumber}) are {Describe(observed.HostRoutes)}, not {Describe(routes)}");
        }
        return differences;
    }

    private static IpPrefix[] Expected(LinkSpec spec) => spec.Ipv4Route is { } ipv4 ? [spec.Ipv6Route, ipv4] : [spec.Ipv6Route];

    private static bool HasDefault(IReadOnlyList<LinuxRoute> routes, AddressFamily family, string gateway) =>
        routes.Any(route => route.Destination.Family == family && route.Destination.Length == 0 &&
            route.Gateway == gateway && route.Device == LinkAddressing.WorkloadInterface);

    private static bool SameSet(IReadOnlyCollection<IpPrefix> expected, IReadOnlyCollection<IpPrefix> present) =>
        expected.Count == present.Count && expected.All(present.Contains);

    private static string Describe(IEnumerable<IpPrefix> prefixes)
    {
        string[] texts = [.. prefixes.Select(prefix => prefix.ToString()).Order(StringComparer.Ordinal)];
        return texts.Length == 0 ? "none" : string.Join(", ", texts);
    }
}
