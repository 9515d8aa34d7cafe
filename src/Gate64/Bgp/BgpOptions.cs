using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Bgp;

/// <summary>Settings of the BGP speaker that announces the host's workload routes and the service prefixes.</summary>
public sealed class BgpOptions
{
    /// <summary>AS_TRANS (RFC 6793): a placeholder in 2-octet fields, never anyone's AS.</summary>
    public const uint AsTrans = 23456;

    /// <summary>Space that is never announced and never a neighbor: loopback, link-local, multicast.</summary>
    private static readonly IpPrefix[] s_neverAnnounced =
    [
        IpPrefix.Parse("127.0.0.0/8"),
        IpPrefix.Parse("169.254.0.0/16"),
        IpPrefix.Parse("224.0.0.0/4"),
        IpPrefix.Parse("::1/128"),
        IpPrefix.Parse("fe80::/10"),
        IpPrefix.Parse("ff00::/8"),
    ];

    /// <summary>Our autonomous system (4-octet).</summary>
    public uint LocalAs { get; set; }

    /// <summary>Our BGP identifier, an IPv4 address unique among the routers' peers.</summary>
    public IPAddress RouterId { get; set; } = IPAddress.Any;

    /// <summary>The routers to dial. The speaker never listens.</summary>
    public List<BgpNeighborOptions> Neighbors { get; } = [];

    /// <summary>Prefixes announced for as long as the speaker runs (NAT64 prefix, IPv4 pool, ingress addresses).</summary>
    public List<IpPrefix> Announce { get; } = [];

    /// <summary>
    /// Service prefixes announced only while the named health check (<c>nat64</c>, <c>ingress</c>, …,
    /// of a service in the same process) is Healthy; withdrawn after
    /// <see cref="ServiceFailuresToWithdraw"/> results in a row that are not.
    /// </summary>
    public List<HealthGatedPrefix> ServicePrefixes { get; } = [];

    /// <summary>How often the health checks that gate <see cref="ServicePrefixes"/> run.</summary>
    public TimeSpan ServiceHealthInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Results in a row that are not Healthy before a service's prefixes are withdrawn (one Healthy announces them again).</summary>
    public int ServiceFailuresToWithdraw { get; set; } = 2;

    /// <summary>Also announce every kernel route marked as Gate64's (made by <c>gate64 link up</c>), following changes.</summary>
    public bool AnnounceOwnedRoutes { get; set; } = true;

    /// <summary>The hold time we propose (RFC 4271: 0, or 3 and above); keepalives go every third of the agreed one.</summary>
    public int HoldTimeSeconds { get; set; } = 90;

    /// <summary>
    /// How long the routers keep our routes after the session drops without a NOTIFICATION (RFC 4724),
    /// so a restart of the speaker does not withdraw every workload. 0 disables graceful restart.
    /// </summary>
    public int GracefulRestartSeconds { get; set; } = 120;

    /// <summary>Communities (RFC 1997) attached to every route.</summary>
    public List<uint> Communities { get; } = [];

    /// <summary>Large communities (RFC 8092) attached to every route.</summary>
    public List<BgpLargeCommunity> LargeCommunities { get; } = [];

    /// <summary>Every problem with these settings, in words an operator can act on; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (LocalAs is 0 or AsTrans)
        {
            errors.Add($"bgp: --local-as {LocalAs} is not usable (0 and 23456, AS_TRANS, are reserved).");
        }
        if (RouterId.AddressFamily != AddressFamily.InterNetwork || RouterId.Equals(IPAddress.Any) || RouterId.Equals(IPAddress.Broadcast))
        {
            errors.Add($"bgp: --router-id {RouterId} must be a non-zero IPv4 address (the BGP identifier), usually one of the host's.");
        }
        if (Neighbors.Count == 0)
        {
            errors.Add("bgp: at least one --neighbor ADDR,as=N is required.");
        }
        foreach (BgpNeighborOptions neighbor in Neighbors)
        {
            ValidateNeighbor(neighbor, errors);
        }
        if (Neighbors.GroupBy(n => (n.Address, n.Port)).Any(g => g.Count() > 1))
        {
            errors.Add("bgp: a --neighbor is listed twice.");
        }
        foreach (IpPrefix prefix in Announce)
        {
            if (Array.Exists(s_neverAnnounced, range => range.Contains(prefix)))
            {
                errors.Add($"bgp: --announce {prefix} is loopback, link-local, multicast or unspecified space, never announced.");
            }
        }
        ValidateServicePrefixes(errors);
        if (HoldTimeSeconds is 1 or 2 or < 0 or > ushort.MaxValue)
        {
            errors.Add($"bgp: --hold-time {HoldTimeSeconds} must be 0 (no keepalives) or from 3 to 65535 seconds.");
        }
        if (GracefulRestartSeconds is < 0 or > 4095)
        {
            errors.Add($"bgp: --graceful-restart {GracefulRestartSeconds} must be from 0 (off) to 4095 seconds.");
        }
        return errors;
    }

    private void ValidateServicePrefixes(List<string> errors)
    {
        foreach (HealthGatedPrefix gated in ServicePrefixes)
        {
            if (string.IsNullOrWhiteSpace(gated.Service))
            {
                errors.Add($"bgp: service prefix {gated.Prefix} names no health check (nat64, ingress, dns64).");
            }
            if (Array.Exists(s_neverAnnounced, range => range.Contains(gated.Prefix)))
            {
                errors.Add($"bgp: service prefix {gated.Prefix} is loopback, link-local, multicast or unspecified space, never announced.");
            }
            if (Announce.Contains(gated.Prefix))
            {
                errors.Add($"bgp: {gated.Prefix} is both announced always and gated on '{gated.Service}'; list it once.");
            }
        }
        if (ServiceHealthInterval < TimeSpan.FromMilliseconds(100) || ServiceHealthInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"bgp: the service health interval {ServiceHealthInterval.TotalSeconds:0.###} s must be from 0.1 to 60 seconds.");
        }
        if (ServiceFailuresToWithdraw is < 1 or > 100)
        {
            errors.Add($"bgp: {ServiceFailuresToWithdraw} failures to withdraw must be from 1 to 100.");
        }
    }

    private static void ValidateNeighbor(BgpNeighborOptions neighbor, List<string> errors)
    {
        if (neighbor.PeerAs is 0 or AsTrans)
        {
            errors.Add($"bgp: --neighbor {neighbor}: as={neighbor.PeerAs} is not usable.");
        }
        if (neighbor.Address.IsIPv4MappedToIPv6 || neighbor.Address.IsIPv6LinkLocal
            || Array.Exists(s_neverAnnounced, range => !IPAddress.IsLoopback(neighbor.Address) && range.Contains(neighbor.Address))
            || neighbor.Address.Equals(IPAddress.Any) || neighbor.Address.Equals(IPAddress.IPv6Any) || neighbor.Address.Equals(IPAddress.Broadcast))
        {
            errors.Add($"bgp: --neighbor {neighbor}: {neighbor.Address} is not a router's unicast address (link-local sessions are not supported).");
        }
        if (neighbor.Port is < 1 or > 65535)
        {
            errors.Add($"bgp: --neighbor {neighbor}: port={neighbor.Port} must be from 1 to 65535.");
        }
        if (neighbor.NextHop4 is { AddressFamily: not AddressFamily.InterNetwork } nextHop4)
        {
            errors.Add($"bgp: --neighbor {neighbor}: next-hop4={nextHop4} is not an IPv4 address.");
        }
        if (neighbor.NextHop6 is { } nextHop6 && (nextHop6.AddressFamily != AddressFamily.InterNetworkV6 || nextHop6.IsIPv6LinkLocal))
        {
            errors.Add($"bgp: --neighbor {neighbor}: next-hop6={nextHop6} is not a global IPv6 address.");
        }
    }
}
