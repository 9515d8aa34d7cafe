namespace Gate64.Links;

/// <summary>
/// How the kernel routes that Gate64 owns are told apart from everybody else's. On Linux every host route that
/// <c>gate64 link up</c> installs carries the route protocol number <see cref="ProtocolNumber"/>
/// (<c>ip route add … proto 64</c>); the BGP speaker announces exactly those routes.
/// </summary>
/// <remarks>
/// 64 is free both in the kernel's <c>RTPROT_*</c> list (<c>include/uapi/linux/rtnetlink.h</c>: 0–4 are the kernel's
/// own, then 8–18, 42 babel, 99 openr, 186–192 FRR's) and in iproute2's <c>/etc/iproute2/rt_protos</c>. The kernel does
/// not interpret values of 4 and above (RTPROT_STATIC), so the number is only a label that survives in the routing
/// table. Operators may name it with a line <c>64 gate64</c> in <c>/etc/iproute2/rt_protos.d/gate64.conf</c>.
/// </remarks>
public static class OwnedRoutes
{
    /// <summary>The route protocol number (<c>rtm_protocol</c>) of Gate64's host routes.</summary>
    public const byte ProtocolNumber = 64;
}
