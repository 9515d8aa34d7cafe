using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>One route from <c>ip -j route show</c>: destination, gateway and device when shown.</summary>
internal sealed record LinuxRoute(IpPrefix Destination, string? Gateway, string? Device);
