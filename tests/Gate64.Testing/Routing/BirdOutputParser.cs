using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>
/// Parses what <c>birdc</c> (BIRD 2) prints for <c>show route [all]</c>, <c>show protocols</c> and
/// <c>show route count</c>. Times are expected in <c>iso long</c> form (<see cref="BirdRouter"/> sets
/// <c>timeformat … iso long ms</c>), but the short form parses too.
/// </summary>
public static partial class BirdOutputParser
{
    /// <summary>Parses <c>show route</c> or <c>show route all</c> output (the "BIRD … ready." line may be present).</summary>
    public static IReadOnlyList<BirdRoute> ParseRoutes(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        List<BirdRoute> routes = [];
        string table = "";
        IpPrefix? network = null;
        BirdRoute? current = null;
        List<BirdNextHop> nextHops = [];
        Dictionary<string, string> attributes = new(StringComparer.Ordinal);

        void Flush()
        {
            if (current is not null)
            {
                routes.Add(current with { NextHops = [.. nextHops], Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal) });
            }

            current = null;
            nextHops.Clear();
            attributes.Clear();
        }

        foreach (string rawLine in output.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("BIRD ", StringComparison.Ordinal))
            {
                continue;
            }

            Match tableMatch = TableLine().Match(line);
            if (tableMatch.Success)
            {
                Flush();
                table = tableMatch.Groups["table"].Value;
                network = null;
                continue;
            }

            if (line[0] == '\t')
            {
                if (current is null)
                {
                    throw new FormatException($"route detail without a route: '{line}'");
                }

                ParseDetail(line, nextHops, attributes);
                continue;
            }

            Match header = RouteLine().Match(line);
            if (!header.Success)
            {
                throw new FormatException($"unexpected line in BIRD route output: '{line}'");
            }

            Flush();
            if (header.Groups["net"].Success)
            {
                network = IpPrefix.Parse(header.Groups["net"].Value);
            }
            else if (network is null)
            {
                throw new FormatException($"route line without a network: '{line}'");
            }

            current = new BirdRoute
            {
                Prefix = network.Value,
                Table = table,
                Type = header.Groups["type"].Value,
                Protocol = header.Groups["proto"].Value,
                IsPrimary = header.Groups["primary"].Success,
                Preference = int.Parse(header.Groups["pref"].Value, CultureInfo.InvariantCulture),
                OriginSummary = header.Groups["origin"].Success ? header.Groups["origin"].Value : null,
            };
        }

        Flush();
        return routes;
    }

    /// <summary>Parses <c>show protocols</c> output.</summary>
    public static IReadOnlyList<BirdProtocol> ParseProtocols(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        List<BirdProtocol> protocols = [];
        foreach (string rawLine in output.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("BIRD ", StringComparison.Ordinal) || line.StartsWith("Name ", StringComparison.Ordinal))
            {
                continue;
            }

            Match row = ProtocolLine().Match(line);
            if (!row.Success)
            {
                throw new FormatException($"unexpected line in BIRD protocol output: '{line}'");
            }

            protocols.Add(new BirdProtocol(
                row.Groups["name"].Value,
                row.Groups["proto"].Value,
                row.Groups["table"].Value,
                row.Groups["state"].Value,
                row.Groups["since"].Value,
                row.Groups["info"].Value.Trim()));
        }

        return protocols;
    }

    /// <summary>
    /// Parses <c>show route count</c>: the networks per table, e.g. <c>master4</c> → 2 from
    /// "2 of 2 routes for 2 networks in table master4".
    /// </summary>
    public static IReadOnlyDictionary<string, int> ParseNetworkCounts(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Dictionary<string, int> counts = new(StringComparer.Ordinal);
        foreach (Match match in CountLine().Matches(output))
        {
            counts[match.Groups["table"].Value] = int.Parse(match.Groups["networks"].Value, CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>Parses the route change stats of <c>show protocols all NAME</c> (summed over its channels).</summary>
    public static BirdImportStats ParseImportStats(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long received = 0, rejected = 0, filtered = 0, ignored = 0, accepted = 0, withdraws = 0;
        bool seen = false;
        foreach (Match match in ImportUpdatesLine().Matches(output))
        {
            seen = true;
            received += long.Parse(match.Groups["received"].Value, CultureInfo.InvariantCulture);
            rejected += long.Parse(match.Groups["rejected"].Value, CultureInfo.InvariantCulture);
            filtered += long.Parse(match.Groups["filtered"].Value, CultureInfo.InvariantCulture);
            ignored += long.Parse(match.Groups["ignored"].Value, CultureInfo.InvariantCulture);
            accepted += long.Parse(match.Groups["accepted"].Value, CultureInfo.InvariantCulture);
        }

        foreach (Match match in ImportWithdrawsLine().Matches(output))
        {
            withdraws += long.Parse(match.Groups["received"].Value, CultureInfo.InvariantCulture);
        }

        if (!seen)
        {
            throw new FormatException($"no 'Import updates' row in:\n{output}");
        }

        return new BirdImportStats(received, rejected, filtered, ignored, accepted) { WithdrawsReceived = withdraws };
    }

    private static void ParseDetail(string line, List<BirdNextHop> nextHops, Dictionary<string, string> attributes)
    {
        Match via = ViaLine().Match(line);
        if (via.Success)
        {
            nextHops.Add(new BirdNextHop(
                IPAddress.Parse(via.Groups["gateway"].Value),
                via.Groups["iface"].Success ? via.Groups["iface"].Value : null,
                via.Groups["weight"].Success ? int.Parse(via.Groups["weight"].Value, CultureInfo.InvariantCulture) : null));
            return;
        }

        Match dev = DevLine().Match(line);
        if (dev.Success)
        {
            nextHops.Add(new BirdNextHop(null, dev.Groups["iface"].Value));
            return;
        }

        Match attribute = AttributeLine().Match(line);
        if (attribute.Success)
        {
            // A repeated name (rare) keeps the values in order, separated by a space.
            string name = attribute.Groups["name"].Value;
            string value = attribute.Groups["value"].Value.Trim();
            attributes[name] = attributes.TryGetValue(name, out string? earlier) ? $"{earlier} {value}" : value;
            return;
        }

        throw new FormatException($"unexpected route detail: '{line}'");
    }

    [GeneratedRegex(@"^Table (?<table>\S+):$")]
    private static partial Regex TableLine();

    // "192.0.2.10/32   unicast [gate64_v4_1 2026-01-01 12:00:00.000] * (100) [AS65001i]"; the
    // network is left out (blank) for the second and later routes of the same network.
    [GeneratedRegex(@"^(?:(?<net>[0-9A-Fa-f:.]+/[0-9]+))?\s+(?<type>[a-z]+)\s+\[(?<proto>[^\s\]]+)[^\]]*\](?<primary>\s+\*)?\s+\((?<pref>[0-9]+)(?:/[^)]*)?\)(?:\s+\[(?<origin>[^\]]*)\])?\s*$")]
    private static partial Regex RouteLine();

    [GeneratedRegex(@"^\t+via (?<gateway>[0-9A-Fa-f:.]+)(?: on (?<iface>\S+))?(?: weight (?<weight>[0-9]+))?")]
    private static partial Regex ViaLine();

    [GeneratedRegex(@"^\t+dev (?<iface>\S+)")]
    private static partial Regex DevLine();

    [GeneratedRegex(@"^\t+(?<name>[A-Za-z][A-Za-z0-9_.]*): ?(?<value>.*)$")]
    private static partial Regex AttributeLine();

    // "gate64_v4_1 BGP ---  up  2026-01-01 12:00:00.000  Established"; the time may also be short (12:00:00.000).
    [GeneratedRegex(@"^(?<name>\S+)\s+(?<proto>\S+)\s+(?<table>\S+)\s+(?<state>\S+)\s+(?<since>(?:[0-9]{4}-[0-9]{2}-[0-9]{2} )?[0-9:.]+)\s*(?<info>.*)$")]
    private static partial Regex ProtocolLine();

    [GeneratedRegex(@"Import updates:\s+(?<received>[0-9]+)\s+(?<rejected>[0-9]+)\s+(?<filtered>[0-9]+)\s+(?<ignored>[0-9]+)\s+(?<accepted>[0-9]+)")]
    private static partial Regex ImportUpdatesLine();

    [GeneratedRegex(@"Import withdraws:\s+(?<received>[0-9]+)")]
    private static partial Regex ImportWithdrawsLine();

    [GeneratedRegex(@"(?<routes>[0-9]+) of (?<total>[0-9]+) routes for (?<networks>[0-9]+) networks in table (?<table>\S+)")]
    private static partial Regex CountLine();
}
