using System.Net;
using System.Net.Sockets;
using Gate64.Platform;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>
/// The next hops one session gives its routes: our own session address for its family (RFC 4271
/// §5.1.3, "next hop self"), a configured one for the other family, and for IPv6 on a shared link also
/// the link-local address of the interface facing the peer (RFC 2545 §3).
/// </summary>
internal sealed record BgpNextHops(IPAddress? Ipv4, IPAddress? Ipv6Global, IPAddress? Ipv6LinkLocal)
{
    /// <summary>The families a session to <paramref name="neighbor"/> can carry, known before it connects.</summary>
    public static IReadOnlyList<BgpAddressFamily> FamiliesFor(BgpNeighborOptions neighbor)
    {
        bool overIpv4 = neighbor.Address.AddressFamily == AddressFamily.InterNetwork;
        List<BgpAddressFamily> families = [];
        if (overIpv4 || neighbor.NextHop4 is not null)
        {
            families.Add(BgpAddressFamily.Ipv4Unicast);
        }
        if (!overIpv4 || neighbor.NextHop6 is not null)
        {
            families.Add(BgpAddressFamily.Ipv6Unicast);
        }
        return families;
    }

    public override string ToString() =>
        $"ipv4 {Ipv4?.ToString() ?? "none"}, ipv6 {Ipv6Global?.ToString() ?? "none"}{(Ipv6LinkLocal is null ? "" : $" + {Ipv6LinkLocal}")}";

    /// <summary>Resolves the next hops once the connection is up and our local address is known.</summary>
    public static BgpNextHops For(BgpNeighborOptions neighbor, IPEndPoint local)
    {
        IPAddress localAddress = local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address;
        if (localAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            return new BgpNextHops(localAddress, neighbor.NextHop6, null);
        }
        return new BgpNextHops(neighbor.NextHop4, localAddress, LinkLocalTowards(localAddress, neighbor.Address));
    }

    /// <summary>
    /// The link-local address of the interface holding <paramref name="local"/> when <paramref name="peer"/>
    /// sits on one of its prefixes; otherwise null (a multihop session gets the global next hop only).
    /// </summary>
    private static IPAddress? LinkLocalTowards(IPAddress local, IPAddress peer)
    {
        IReadOnlyList<InterfaceAddress> addresses = InterfaceAddresses.List();
        InterfaceAddress? ours = addresses.FirstOrDefault(a => a.Address.Equals(local));
        if (ours is null || !IpPrefix.Create(local, ours.PrefixLength).Contains(peer))
        {
            return null;
        }
        return addresses.FirstOrDefault(a => a.Interface == ours.Interface && a.Address.IsIPv6LinkLocal)?.Address;
    }
}
