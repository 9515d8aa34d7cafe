using System.Globalization;
using System.Net;
using Gate64.Bgp;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Nat64;
using Gate64.Protocols.Bgp;
using Gate64.Resolver;

namespace Gate64.Configuration;

/// <summary>
/// Lists the effective settings of a configuration and says which a running service can take.
/// Reloadable are the policies and limits that each connection, query or packet reads anew:
/// access lists, permitted prefixes, timeouts, connection and port limits, BGP announcements.
/// Not reloadable is whatever a service set up when it started: sockets (listen addresses), the
/// TUN device, its prefix and pool and routes, caches sized at start, BGP sessions and their
/// identity. Comparing effective values (not the text) means a reordered or re-commented file
/// is "unchanged".
/// </summary>
internal static class ConfigSettings
{
    public static List<ConfigSetting> Describe(Gate64Config config)
    {
        List<ConfigSetting> settings = [];
        if (config.Resolver is { } resolver)
        {
            DnsResolverOptions options = Build(resolver);
            Restart(settings, ResolverSection.Name, "on");
            Restart(settings, "resolver.upstream", Join(options.Upstreams));
            Restart(settings, "resolver.cache-mb", Number(options.CacheBytes));
            Restart(settings, "resolver.negative-ttl", Number(options.MaxNegativeTtl.TotalSeconds));
        }
        if (config.Dns64 is { } dns64)
        {
            Dns64Options options = Build(dns64);
            Restart(settings, Dns64Section.Name, "on");
            Restart(settings, "dns64.listen", Join(options.Listen));
            Restart(settings, "dns64.prefix", options.Prefix.ToString());
            Reload(settings, "dns64.allow", Join(options.Allow));
            Reload(settings, "dns64.exclude", Join(options.Exclude));
            Restart(settings, "dns64.cache-mb", Number(options.ResponseCacheBytes));
        }
        if (config.Ingress is { } ingress)
        {
            IngressOptions options = Build(ingress);
            Restart(settings, IngressSection.Name, "on");
            Restart(settings, "ingress.listen", Join(options.Listen));
            Restart(settings, "ingress.resolver", config.IngressResolver is { } own ? Join(Build(own).Upstreams) : "[resolver]");
            Reload(settings, "ingress.permit", Join(options.Permit));
            Restart(settings, "ingress.nat46-prefix", options.Nat46Prefix?.ToString() ?? "");
            Restart(settings, "ingress.nat64-prefix", options.Nat64Prefix.ToString());
            Reload(settings, "ingress.first-bytes-timeout", Number(options.FirstBytesTimeout.TotalSeconds));
            Reload(settings, "ingress.connect-timeout", Number(options.ConnectTimeout.TotalSeconds));
            Reload(settings, "ingress.idle-timeout", Number(options.IdleTimeout.TotalSeconds));
            Reload(settings, "ingress.max-connections", Number(options.MaxConnections));
            Restart(settings, "ingress.quic", Join(options.Quic));
            Reload(settings, "ingress.quic-idle-timeout", Number(options.QuicIdleTimeout.TotalSeconds));
            Reload(settings, "ingress.max-quic-flows", Number(options.MaxQuicFlows));
        }
        if (config.Nat64 is { } nat64)
        {
            Nat64Options options = Build(nat64);
            Restart(settings, Nat64Section.Name, "on");
            Restart(settings, "nat64.tun", options.Tun);
            Restart(settings, "nat64.prefix", options.Prefix.ToString());
            Restart(settings, "nat64.pool4", options.Pool4?.ToString() ?? "");
            Reload(settings, "nat64.allow", Join(options.Allow));
            Restart(settings, "nat64.no-routes", Flag(options.NoRoutes));
            Restart(settings, "nat64.queues", Number(options.Queues));
            Restart(settings, "nat64.mtu", Number(options.Mtu));
            Restart(settings, "nat64.tun-queue-length", Number(options.TunQueueLength));
            Reload(settings, "nat64.quota", Number(options.PortQuotaPerClient));
            Restart(settings, "nat64.address-dependent-filtering", Flag(options.AddressDependentFiltering));
            Restart(settings, "nat64.log-mappings", Flag(options.LogMappings));
            Restart(settings, "nat64.offload", options.Offload == Nat64Offload.Auto ? "auto" : "off");
        }
        if (config.Bgp is { } bgp)
        {
            BgpOptions options = Build(bgp);
            Restart(settings, BgpSection.Name, "on");
            Restart(settings, "bgp.local-as", Number(options.LocalAs));
            Restart(settings, "bgp.router-id", options.RouterId.ToString());
            Restart(settings, "bgp.neighbor", string.Join(", ", options.Neighbors.Select(Neighbor)));
            Reload(settings, "bgp.announce", Join(options.Announce));
            Restart(settings, "bgp.announce-services", Join(options.ServicePrefixes));
            Restart(settings, "bgp.no-owned-routes", Flag(!options.AnnounceOwnedRoutes));
            Restart(settings, "bgp.hold-time", Number(options.HoldTimeSeconds));
            Restart(settings, "bgp.graceful-restart", Number(options.GracefulRestartSeconds));
            Reload(settings, "bgp.community", string.Join(", ", options.Communities.Select(BgpCommunity.Format)));
            Reload(settings, "bgp.large-community", Join(options.LargeCommunities));
        }
        if (config.MetricsListen is { } metrics)
        {
            Restart(settings, MetricsSection.Name, "on");
            Restart(settings, "metrics.listen", metrics.ToString());
        }
        return settings;
    }

    private static T Build<T>(Action<T> populate)
        where T : new()
    {
        T options = new();
        populate(options);
        return options;
    }

    private static void Restart(List<ConfigSetting> settings, string key, string value) => settings.Add(new ConfigSetting(key, value, Reloadable: false));

    private static void Reload(List<ConfigSetting> settings, string key, string value) => settings.Add(new ConfigSetting(key, value, Reloadable: true));

    private static string Join<T>(IEnumerable<T> values) => string.Join(", ", values);

    private static string Number<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Neighbor(BgpNeighborOptions neighbor) =>
        $"{neighbor} as {neighbor.PeerAs} next-hop4 {Address(neighbor.NextHop4)} next-hop6 {Address(neighbor.NextHop6)}";

    private static string Address(IPAddress? address) => address?.ToString() ?? "-";
}
