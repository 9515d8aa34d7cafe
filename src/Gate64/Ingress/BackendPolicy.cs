using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Ingress;

/// <summary>
/// Decides which resolved addresses the ingress may connect to: only IPv6 addresses inside a
/// permitted prefix, and never a special-purpose address or one of the gateway's own, whatever
/// the prefixes say (a loop or a reach into infrastructure).
/// </summary>
public sealed class BackendPolicy
{
    private static readonly (IpPrefix Range, BackendVerdict Verdict)[] s_special =
    [
        (IpPrefix.Parse("::/128"), BackendVerdict.Unspecified),
        (IpPrefix.Parse("::1/128"), BackendVerdict.Loopback),
        (IpPrefix.Parse("::ffff:0:0/96"), BackendVerdict.Ipv4Mapped),
        (IpPrefix.Parse("fe80::/10"), BackendVerdict.LinkLocal),
        (IpPrefix.Parse("ff00::/8"), BackendVerdict.Multicast),
        (IpPrefix.Parse("64:ff9b::/96"), BackendVerdict.Nat64Prefix),       // RFC 6052 well-known prefix
        (IpPrefix.Parse("64:ff9b:1::/48"), BackendVerdict.Nat64Prefix),     // RFC 8215 local-use translation prefix
    ];

    /// <summary>True when every address of <paramref name="prefix"/> is refused whatever is permitted.</summary>
    public static bool IsAlwaysRefused(IpPrefix prefix, out BackendVerdict verdict)
    {
        foreach ((IpPrefix range, BackendVerdict rangeVerdict) in s_special)
        {
            if (range.Contains(prefix))
            {
                verdict = rangeVerdict;
                return true;
            }
        }
        verdict = BackendVerdict.Permitted;
        return false;
    }

    private readonly IReadOnlyList<PermittedPrefix> _permitted;
    private readonly IpPrefix _nat64Prefix;
    private readonly HashSet<IPAddress> _gatewayAddresses;

    public BackendPolicy(IReadOnlyList<PermittedPrefix> permitted, IpPrefix nat64Prefix, IEnumerable<IPAddress> gatewayAddresses)
    {
        _permitted = permitted;
        _nat64Prefix = nat64Prefix;
        _gatewayAddresses = [.. gatewayAddresses];
    }

    /// <summary>A policy that also knows every address configured on this host's interfaces.</summary>
    public static BackendPolicy ForThisHost(IReadOnlyList<PermittedPrefix> permitted, IpPrefix nat64Prefix) =>
        new(permitted, nat64Prefix, LocalAddresses());

    public IReadOnlyList<PermittedPrefix> Permitted => _permitted;

    public BackendVerdict Evaluate(IPAddress address, out PermittedPrefix permittedBy)
    {
        permittedBy = default;
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return BackendVerdict.NotIpv6;
        }
        foreach ((IpPrefix range, BackendVerdict verdict) in s_special)
        {
            if (range.Contains(address))
            {
                return verdict;
            }
        }
        if (_nat64Prefix.Contains(address))
        {
            return BackendVerdict.Nat64Prefix;
        }
        if (_gatewayAddresses.Contains(address))
        {
            return BackendVerdict.GatewayAddress;
        }
        foreach (PermittedPrefix candidate in _permitted)
        {
            if (candidate.Prefix.Contains(address))
            {
                permittedBy = candidate;
                return BackendVerdict.Permitted;
            }
        }
        return BackendVerdict.NotInPermittedPrefix;
    }

    private static IEnumerable<IPAddress> LocalAddresses()
    {
        foreach (NetworkInterface networkInterface in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (UnicastIPAddressInformation unicast in networkInterface.GetIPProperties().UnicastAddresses)
            {
                yield return unicast.Address;
            }
        }
    }
}
