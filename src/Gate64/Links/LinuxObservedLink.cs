using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>
/// An existing Gate64 link on Linux as the kernel shows it: the host end, what its marker says was asked for, the
/// workload end in the namespace the marker names (null when there is no eth0 there, with
/// <see cref="WorkloadProblem"/> saying why when the namespace could not be looked into), the host routes of
/// protocol 64 through the host end and the workload's default routes.
/// </summary>
internal sealed record LinuxObservedLink(
    LinuxInterfaceState HostEnd,
    LinkMarker Marker,
    LinuxInterfaceState? WorkloadEnd,
    string? WorkloadProblem,
    IReadOnlyList<IpPrefix> HostRoutes,
    IReadOnlyList<LinuxRoute> WorkloadDefaultRoutes);
