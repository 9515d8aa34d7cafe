namespace Gate64.Ingress;

/// <summary>Whether an address may be a backend, and if not, why.</summary>
public enum BackendVerdict
{
    Permitted,
    NotInPermittedPrefix,
    Unspecified,
    Loopback,
    LinkLocal,
    Multicast,
    Ipv4Mapped,
    Nat64Prefix,
    GatewayAddress,
    NotIpv6,
}
