using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>
/// A service prefix (the NAT64 prefix, the IPv4 pool, an ingress address) announced only while the
/// health check named <paramref name="Service"/> (<c>nat64</c>, <c>ingress</c>, <c>dns64</c>) reports
/// Healthy, so that the routers send its traffic to another gateway when this one cannot serve it.
/// </summary>
/// <param name="Prefix">The prefix to announce.</param>
/// <param name="Service">The health check that gates it.</param>
public sealed record HealthGatedPrefix(IpPrefix Prefix, string Service)
{
    public override string ToString() => $"{Prefix}={Service}";
}
