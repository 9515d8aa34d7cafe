using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>
/// The values an operator fills into the shipped router snippets (<c>deploy/bird</c>, <c>deploy/frr</c>):
/// one record for both, so BIRD and FRR are tested with the same policy.
/// </summary>
public sealed record UpstreamRouterSettings
{
    /// <summary>The router's BGP identifier (<c>@ROUTER_ID@</c>).</summary>
    public required IPAddress RouterId { get; init; }

    /// <summary>The router's AS (<c>@ROUTER_AS@</c>).</summary>
    public required uint RouterAs { get; init; }

    /// <summary>The AS of the gate64 hosts (<c>@GATE64_AS@</c>); may be a 4-byte AS.</summary>
    public required uint GatewayAs { get; init; }

    /// <summary>Where IPv4 sessions of hosts come from (<c>@HOST_RANGE4@</c>).</summary>
    public required IpPrefix HostRange4 { get; init; }

    /// <summary>Where IPv6 sessions of hosts come from (<c>@HOST_RANGE6@</c>).</summary>
    public required IpPrefix HostRange6 { get; init; }

    /// <summary>The /32s a host may announce lie inside this (<c>@WORKLOAD_POOL4@</c>).</summary>
    public required IpPrefix WorkloadPool4 { get; init; }

    /// <summary>The /128s a host may announce lie inside this (<c>@WORKLOAD_POOL6@</c>).</summary>
    public required IpPrefix WorkloadPool6 { get; init; }

    /// <summary>An IPv4 service prefix accepted as is (<c>@SERVICE_PREFIX4@</c>).</summary>
    public required IpPrefix ServicePrefix4 { get; init; }

    /// <summary>An IPv6 service prefix accepted as is (<c>@SERVICE_PREFIX6@</c>).</summary>
    public required IpPrefix ServicePrefix6 { get; init; }

    /// <summary>Routes one session may send before the router resets it (<c>@MAX_PREFIXES@</c>).</summary>
    public int MaxPrefixes { get; init; } = 20_000;

    /// <summary>The placeholder values, keyed by name without the <c>@</c>.</summary>
    public IReadOnlyDictionary<string, string> ToTemplateValues()
    {
        Require(RouterId.AddressFamily == AddressFamily.InterNetwork, "RouterId must be an IPv4 address");
        Require(HostRange4.Family == AddressFamily.InterNetwork && WorkloadPool4.Family == AddressFamily.InterNetwork &&
            ServicePrefix4.Family == AddressFamily.InterNetwork, "the *4 prefixes must be IPv4");
        Require(HostRange6.Family == AddressFamily.InterNetworkV6 && WorkloadPool6.Family == AddressFamily.InterNetworkV6 &&
            ServicePrefix6.Family == AddressFamily.InterNetworkV6, "the *6 prefixes must be IPv6");
        Require(MaxPrefixes > 0, "MaxPrefixes must be positive");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ROUTER_ID"] = RouterId.ToString(),
            ["ROUTER_AS"] = RouterAs.ToString(CultureInfo.InvariantCulture),
            ["GATE64_AS"] = GatewayAs.ToString(CultureInfo.InvariantCulture),
            ["HOST_RANGE4"] = HostRange4.ToString(),
            ["HOST_RANGE6"] = HostRange6.ToString(),
            ["WORKLOAD_POOL4"] = WorkloadPool4.ToString(),
            ["WORKLOAD_POOL6"] = WorkloadPool6.ToString(),
            ["SERVICE_PREFIX4"] = ServicePrefix4.ToString(),
            ["SERVICE_PREFIX6"] = ServicePrefix6.ToString(),
            ["MAX_PREFIXES"] = MaxPrefixes.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
