using System.Net;

namespace Gate64.Links;

/// <summary>
/// The fixed addresses of the unnumbered point-to-point links. Every host end looks the same, which is what lets a
/// workload move between hosts without renumbering its gateway.
/// </summary>
/// <remarks>
/// <para>The host end gets the MAC address <see cref="HostMac"/> and the link-local address <see cref="HostLinkLocal"/>,
/// the EUI-64 address of that MAC (the Calico convention). The address is added explicitly (with address generation
/// switched off on the interface) rather than left to the kernel, so it is the same whatever
/// <c>addr_gen_mode</c>/stable-privacy setting the host has, and it is usable at once (no duplicate address
/// detection: the link has exactly two ends and the other one never takes it).</para>
/// <para>IPv4 has no link-local gateway of its own, so the workload's IPv4 default route points at
/// <see cref="Ipv4Gateway"/> (169.254.1.1) on-link: nothing owns that address; the host end answers for it.</para>
/// </remarks>
internal static class LinkAddressing
{
    /// <summary>The MAC address of every host end (locally administered, never seen beyond the link).</summary>
    public const string HostMac = "ee:ee:ee:ee:ee:ee";

    /// <summary>Every workload's IPv6 default gateway: the host end's link-local address.</summary>
    public static IPAddress HostLinkLocal { get; } = IPAddress.Parse("fe80::ecee:eeff:feee:eeee");

    /// <summary>
    /// The workload end's fixed link-local address on FreeBSD, where the host's routes point at it (an IPv4 route
    /// needs an IPv6 next hop there, RFC 5549 style, because the host end has no IPv4 address to ARP from).
    /// </summary>
    public static IPAddress FreeBsdWorkloadLinkLocal { get; } = IPAddress.Parse("fe80::2");

    /// <summary>Every workload's IPv4 default gateway, on-link.</summary>
    public static IPAddress Ipv4Gateway { get; } = IPAddress.Parse("169.254.1.1");

    /// <summary>The workload end's name inside a Linux network namespace.</summary>
    public const string WorkloadInterface = "eth0";
}
