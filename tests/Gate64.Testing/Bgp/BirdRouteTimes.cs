using System.Globalization;
using System.Text.RegularExpressions;
using Gate64.Protocols.Ip;
using Gate64.Testing.Routing;

namespace Gate64.Testing.Bgp;

/// <summary>
/// When BIRD last changed each route: the time in the brackets of <c>show route</c>
/// (<c>192.0.2.10/32 unicast [gate64_v4_1 2026-01-01 12:00:00.000] * (100) [AS65001i]</c>, printed in full
/// because <see cref="BirdRouter"/> sets <c>timeformat route iso long ms</c>). A route a restarted speaker
/// announced again has a newer time than the stale copy BIRD kept; BIRD shows no "stale" flag itself.
/// </summary>
public static partial class BirdRouteTimes
{
    /// <summary>The time of the first route of each network in <c>show route</c> output.</summary>
    public static IReadOnlyDictionary<IpPrefix, DateTime> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Dictionary<IpPrefix, DateTime> times = [];
        foreach (Match match in RouteLine().Matches(output))
        {
            IpPrefix prefix = IpPrefix.Parse(match.Groups["net"].Value);
            DateTime since = DateTime.ParseExact(match.Groups["since"].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            times.TryAdd(prefix, since);
        }

        return times;
    }

    /// <summary>Runs <c>show route</c> on <paramref name="bird"/> and parses it.</summary>
    public static async Task<IReadOnlyDictionary<IpPrefix, DateTime>> ReadAsync(BirdRouter bird)
    {
        ArgumentNullException.ThrowIfNull(bird);
        return Parse(await bird.RunCommandAsync("show", "route").ConfigureAwait(false));
    }

    [GeneratedRegex(@"^(?<net>[0-9A-Fa-f:.]+/[0-9]+)\s+[a-z]+\s+\[\S+ (?<since>[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3})\]", RegexOptions.Multiline)]
    private static partial Regex RouteLine();
}
