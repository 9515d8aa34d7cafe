using System.Net;
using System.Text.Json;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>Parses the JSON that <c>gobgp … -j</c> (GoBGP 3.x) prints for neighbours and RIBs.</summary>
public static class GoBgpJsonParser
{
    private const int OriginAttribute = 1;
    private const int AsPathAttribute = 2;
    private const int NextHopAttribute = 3;
    private const int CommunitiesAttribute = 8;
    private const int MpReachAttribute = 14;
    private const int LargeCommunityAttribute = 32;

    /// <summary>Parses <c>gobgp neighbor -j</c>: an array of peers.</summary>
    public static IReadOnlyList<GoBgpPeer> ParsePeers(string json)
    {
        using JsonDocument document = JsonDocument.Parse(Empty(json) ? "[]" : json);
        List<GoBgpPeer> peers = [];
        foreach (JsonElement peer in document.RootElement.EnumerateArray())
        {
            JsonElement conf = peer.GetProperty("conf");
            JsonElement state = peer.GetProperty("state");
            string address = state.TryGetProperty("neighbor_address", out JsonElement fromState)
                ? fromState.GetString()!
                : conf.GetProperty("neighbor_address").GetString()!;
            uint peerAs = state.TryGetProperty("peer_asn", out JsonElement asFromState)
                ? asFromState.GetUInt32()
                : conf.TryGetProperty("peer_asn", out JsonElement asFromConf) ? asFromConf.GetUInt32() : 0;
            GoBgpSessionState session = state.TryGetProperty("session_state", out JsonElement sessionState)
                ? (GoBgpSessionState)sessionState.GetInt32()
                : GoBgpSessionState.Unknown;
            string? group = conf.TryGetProperty("peer_group", out JsonElement peerGroup) ? peerGroup.GetString() : null;
            long refreshes = 0, updates = 0;
            if (state.TryGetProperty("messages", out JsonElement messages) && messages.TryGetProperty("received", out JsonElement received))
            {
                refreshes = received.TryGetProperty("refresh", out JsonElement refresh) ? refresh.GetInt64() : 0;
                updates = received.TryGetProperty("update", out JsonElement update) ? update.GetInt64() : 0;
            }

            peers.Add(new GoBgpPeer(IPAddress.Parse(address), peerAs, session, group)
            {
                RouteRefreshesReceived = refreshes,
                UpdatesReceived = updates,
            });
        }

        return peers;
    }

    /// <summary>Parses <c>gobgp global rib -a FAMILY -j</c>: an object from prefix to its paths.</summary>
    public static IReadOnlyList<GoBgpPath> ParseRib(string json)
    {
        using JsonDocument document = JsonDocument.Parse(Empty(json) ? "{}" : json);
        List<GoBgpPath> paths = [];
        foreach (JsonProperty destination in document.RootElement.EnumerateObject())
        {
            foreach (JsonElement path in destination.Value.EnumerateArray())
            {
                paths.Add(ParsePath(destination.Name, path));
            }
        }

        return paths;
    }

    private static GoBgpPath ParsePath(string destination, JsonElement path)
    {
        string prefix = path.TryGetProperty("nlri", out JsonElement nlri) && nlri.TryGetProperty("prefix", out JsonElement nlriPrefix)
            ? nlriPrefix.GetString()!
            : destination;
        IPAddress? nextHop = null;
        int? origin = null;
        List<uint> asPath = [];
        List<BgpCommunity> communities = [];
        List<BgpLargeCommunity> largeCommunities = [];
        if (path.TryGetProperty("attrs", out JsonElement attributes))
        {
            foreach (JsonElement attribute in attributes.EnumerateArray())
            {
                switch (attribute.GetProperty("type").GetInt32())
                {
                    case OriginAttribute:
                        origin = attribute.TryGetProperty("value", out JsonElement originValue) ? originValue.GetInt32() : 0;
                        break;
                    case AsPathAttribute when attribute.TryGetProperty("as_paths", out JsonElement segments):
                        foreach (JsonElement segment in segments.EnumerateArray())
                        {
                            if (segment.TryGetProperty("asns", out JsonElement asns))
                            {
                                asPath.AddRange(asns.EnumerateArray().Select(asn => asn.GetUInt32()));
                            }
                        }

                        break;
                    case NextHopAttribute or MpReachAttribute when attribute.TryGetProperty("nexthop", out JsonElement hop):
                        nextHop = IPAddress.Parse(hop.GetString()!);
                        break;
                    case CommunitiesAttribute when attribute.TryGetProperty("communities", out JsonElement values):
                        communities.AddRange(values.EnumerateArray().Select(value => BgpCommunity.FromUInt32(value.GetUInt32())));
                        break;
                    case LargeCommunityAttribute when attribute.TryGetProperty("value", out JsonElement values):
                        largeCommunities.AddRange(values.EnumerateArray().Select(value => new BgpLargeCommunity(
                            value.GetProperty("ASN").GetUInt32(),
                            value.GetProperty("LocalData1").GetUInt32(),
                            value.GetProperty("LocalData2").GetUInt32())));
                        break;
                    default:
                        break;
                }
            }
        }

        return new GoBgpPath
        {
            Prefix = IpPrefix.Parse(prefix),
            IsBest = path.TryGetProperty("best", out JsonElement best) && best.GetBoolean(),
            IsStale = path.TryGetProperty("stale", out JsonElement stale) && stale.GetBoolean(),
            NextHop = nextHop,
            // Absent for a path added locally.
            Neighbor = path.TryGetProperty("neighbor-ip", out JsonElement neighbor) && IPAddress.TryParse(neighbor.GetString(), out IPAddress? from)
                ? from
                : null,
            Origin = origin,
            AsPath = asPath,
            Communities = communities,
            LargeCommunities = largeCommunities,
        };
    }

    private static bool Empty(string json) => string.IsNullOrWhiteSpace(json) || json.Trim() == "null";
}
