using System.Net;
using System.Net.Sockets;
using Gate64.Bgp;
using Gate64.Ingress;
using Gate64.Nat64;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary>
/// The service prefixes a gateway announces for the services in its own file, each only while
/// that service's health check passes: the NAT64 prefix and IPv4 pool (<c>nat64</c>) and every
/// ingress listen address (<c>ingress</c>). Several gateways announcing the same ones share the
/// load by ECMP, and one whose service fails is withdrawn from the routers within seconds.
/// </summary>
internal static class ServicePrefixes
{
    /// <summary>Adds the gated prefixes to <paramref name="bgp"/>; a prefix also listed in <c>announce</c> stays announced always.</summary>
    public static Action<BgpOptions> Gate(Action<BgpOptions> bgp, Action<Nat64Options>? nat64, Action<IngressOptions>? ingress)
    {
        List<HealthGatedPrefix> gated = [];
        if (nat64 is not null)
        {
            Nat64Options options = new();
            nat64(options);
            gated.Add(new HealthGatedPrefix(options.Prefix.Prefix, Nat64Section.Name));
            if (options.Pool4 is { } pool)
            {
                gated.Add(new HealthGatedPrefix(pool, Nat64Section.Name));
            }
        }
        if (ingress is not null)
        {
            IngressOptions options = new();
            ingress(options);
            foreach (IPAddress address in options.Listen.Select(listener => listener.Endpoint.Address).Distinct().Where(IsRoutable))
            {
                gated.Add(new HealthGatedPrefix(IpPrefix.Create(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128), IngressSection.Name));
            }
        }
        HealthGatedPrefix[] prefixes = [.. gated.DistinctBy(prefix => prefix.Prefix)];
        return options =>
        {
            bgp(options);
            options.ServicePrefixes.AddRange(prefixes.Where(prefix => !options.Announce.Contains(prefix.Prefix)));
        };
    }

    /// <summary>Wildcard, loopback and link-local listen addresses are no prefix a router could use.</summary>
    private static bool IsRoutable(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(address)
        && !address.IsIPv6LinkLocal && !IpPrefix.Parse("169.254.0.0/16").Contains(address);
}
