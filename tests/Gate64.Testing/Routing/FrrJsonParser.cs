using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>Parses FRR 8's JSON for <c>show bgp summary json</c> and <c>show bgp ipv4|ipv6 unicast json</c>.</summary>
public static class FrrJsonParser
{
    /// <summary>The peers of every address family in <c>show bgp summary json</c>.</summary>
    public static IReadOnlyList<FrrPeer> ParseSummary(string json)
    {
        List<FrrPeer> peers = [];
        if (!TryParse(json, out JsonDocument? document))
        {
            return peers;
        }

        using (document)
        {
            foreach (JsonProperty family in document.RootElement.EnumerateObject())
            {
                if (family.Value.ValueKind != JsonValueKind.Object || !family.Value.TryGetProperty("peers", out JsonElement list))
                {
                    continue;
                }

                foreach (JsonProperty peer in list.EnumerateObject())
                {
                    JsonElement value = peer.Value;
                    peers.Add(new FrrPeer(
                        IPAddress.Parse(peer.Name),
                        family.Name,
                        value.TryGetProperty("remoteAs", out JsonElement remoteAs) ? remoteAs.GetUInt32() : 0,
                        value.TryGetProperty("state", out JsonElement state) ? state.GetString() ?? "" : "",
                        value.TryGetProperty("pfxRcd", out JsonElement received) ? received.GetInt64() : 0,
                        value.TryGetProperty("dynamicPeer", out JsonElement dynamic) && dynamic.GetBoolean()));
                }
            }
        }

        return peers;
    }

    /// <summary>The paths of <c>show bgp ipv4|ipv6 unicast json</c>.</summary>
    public static IReadOnlyList<FrrRoute> ParseRoutes(string json)
    {
        List<FrrRoute> routes = [];
        if (!TryParse(json, out JsonDocument? document))
        {
            return routes;
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("routes", out JsonElement table))
            {
                return routes;
            }

            foreach (JsonProperty network in table.EnumerateObject())
            {
                foreach (JsonElement path in network.Value.EnumerateArray())
                {
                    routes.Add(new FrrRoute
                    {
                        Prefix = IpPrefix.Parse(network.Name),
                        IsValid = path.TryGetProperty("valid", out JsonElement valid) && valid.GetBoolean(),
                        IsBest = path.TryGetProperty("bestpath", out JsonElement best) && best.GetBoolean(),
                        Peer = path.TryGetProperty("peerId", out JsonElement peer) && IPAddress.TryParse(peer.GetString(), out IPAddress? from) ? from : null,
                        NextHops = path.TryGetProperty("nexthops", out JsonElement hops)
                            ? hops.EnumerateArray().Select(hop => IPAddress.Parse(hop.GetProperty("ip").GetString()!)).ToList()
                            : [],
                        AsPath = path.TryGetProperty("path", out JsonElement asPath)
                            ? (asPath.GetString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                                .Where(part => part.All(char.IsAsciiDigit))
                                .Select(part => uint.Parse(part, CultureInfo.InvariantCulture))
                                .ToList()
                            : [],
                        Origin = path.TryGetProperty("origin", out JsonElement origin) ? origin.GetString() : null,
                    });
                }
            }
        }

        return routes;
    }

    /// <summary>FRR answers "% No BGP neighbors found …" instead of JSON when there is nothing to show.</summary>
    private static bool TryParse(string json, [NotNullWhen(true)] out JsonDocument? document)
    {
        document = null;
        string trimmed = json.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return false;
        }

        document = JsonDocument.Parse(trimmed);
        return true;
    }
}
