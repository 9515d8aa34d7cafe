using System.Net;
using Gate64.Bgp;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary><c>[bgp]</c> and its <c>[[bgp.neighbor]]</c> tables: the keys of <c>gate64 bgp</c>.</summary>
internal static class BgpSection
{
    public const string Name = "bgp";

    public static readonly string[] Keys =
    [
        "local-as", "router-id", "neighbor", "announce", "announce-services", "no-owned-routes", "hold-time",
        "graceful-restart", "community", "large-community",
    ];

    /// <summary>The keys of one <c>[[bgp.neighbor]]</c>: the parts of <c>--neighbor ADDR,as=N,…</c>.</summary>
    public static readonly string[] NeighborKeys = ["address", "as", "port", "next-hop4", "next-hop6"];

    /// <param name="section">The table.</param>
    /// <param name="announceServices">
    /// Whether the prefixes of the services in the same file (NAT64 prefix and pool, ingress
    /// addresses) are announced while their health checks pass: <c>announce-services</c>, on by default.
    /// </param>
    public static Action<BgpOptions> Read(TomlSection section, out bool announceServices)
    {
        BgpOptions defaults = new();
        uint localAs = (uint)(section.Integer("local-as", 1, uint.MaxValue) ?? 0);
        IPAddress routerId = section.Value<IPAddress>("router-id", ConfigValues.Ipv4Address) ?? IPAddress.Any;
        BgpNeighborOptions[] neighbors = [.. ReadNeighbors(section)];
        IpPrefix[] announce = [.. section.List<IpPrefix>("announce", ConfigValues.Prefix) ?? []];
        announceServices = section.Boolean("announce-services") ?? true;
        bool noOwnedRoutes = section.Boolean("no-owned-routes") ?? false;
        int holdTime = (int)(section.Integer("hold-time", 0, 65535) ?? defaults.HoldTimeSeconds);
        int gracefulRestart = (int)(section.Integer("graceful-restart", 0, 4095) ?? defaults.GracefulRestartSeconds);
        uint[] communities = [.. section.List<uint>("community", ConfigValues.Community) ?? []];
        BgpLargeCommunity[] largeCommunities = [.. section.List<BgpLargeCommunity>("large-community", ConfigValues.LargeCommunity) ?? []];
        section.RejectUnknownKeys();
        if (localAs == 0 && !section.Has("local-as"))
        {
            section.Error("local-as", "our AS number is required (a private one such as 4200000001 per host is common).");
        }
        if (routerId.Equals(IPAddress.Any) && !section.Has("router-id"))
        {
            section.Error("router-id", "the BGP identifier, an IPv4 address such as one of the host's, is required.");
        }

        void Populate(BgpOptions options)
        {
            options.LocalAs = localAs;
            options.RouterId = routerId;
            // Fresh copies: every options instance owns its neighbors, as with the command line.
            options.Neighbors.AddRange(neighbors.Select(neighbor => new BgpNeighborOptions
            {
                Address = neighbor.Address,
                PeerAs = neighbor.PeerAs,
                Port = neighbor.Port,
                NextHop4 = neighbor.NextHop4,
                NextHop6 = neighbor.NextHop6,
            }));
            options.Announce.AddRange(announce);
            options.AnnounceOwnedRoutes = !noOwnedRoutes;
            options.HoldTimeSeconds = holdTime;
            options.GracefulRestartSeconds = gracefulRestart;
            options.Communities.AddRange(communities);
            options.LargeCommunities.AddRange(largeCommunities);
        }

        BgpOptions check = new();
        Populate(check);
        ValidationReport.Add(section, Name, check.Validate());
        return Populate;
    }

    private static List<BgpNeighborOptions> ReadNeighbors(TomlSection section)
    {
        List<BgpNeighborOptions> neighbors = [];
        List<TomlSection> tables = section.Tables("neighbor", NeighborKeys) ?? [];
        for (int i = 0; i < tables.Count; i++)
        {
            TomlSection table = tables[i];
            IPAddress? address = table.Value<IPAddress>("address", ConfigValues.Address);
            uint peerAs = (uint)(table.Integer("as", 1, uint.MaxValue) ?? 0);
            int port = (int)(table.Integer("port", 1, 65535) ?? 179);
            IPAddress? nextHop4 = table.Value<IPAddress>("next-hop4", ConfigValues.Address);
            IPAddress? nextHop6 = table.Value<IPAddress>("next-hop6", ConfigValues.Address);
            table.RejectUnknownKeys();
            if (!table.Has("address"))
            {
                table.Error("address", "the router's address is required.");
            }
            if (!table.Has("as"))
            {
                table.Error("as", "the router's AS number is required.");
            }
            if (address is null)
            {
                continue;
            }
            BgpNeighborOptions neighbor = new() { Address = address, PeerAs = peerAs, Port = port, NextHop4 = nextHop4, NextHop6 = nextHop6 };
            section.RecordItem("neighbor", i, neighbor.ToString());
            neighbors.Add(neighbor);
        }
        return neighbors;
    }
}
