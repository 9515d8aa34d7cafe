namespace Gate64.Cli.Demo;

/// <summary>
/// Reads what <c>birdc show route</c> (BIRD 2) prints, far enough for the demo's checks: which
/// networks the router has and through which next hops.
/// <code>
/// Table master6:
/// 2001:db8:10::1/128   unicast [gate64_v6_2 10:41:07.013] * (100) [AS65001i]
///         via 2001:db8:ffff:2::2 on g64demo-hosta
///                      unicast [gate64_v6_3 10:41:09.120] (100) [AS65001i]
///         via 2001:db8:ffff:3::2 on g64demo-hostb
/// </code>
/// </summary>
internal static class BirdRouteText
{
    /// <summary>Every network and the next-hop addresses of all its routes, in the order printed.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NextHops(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Dictionary<string, List<string>> routes = new(StringComparer.Ordinal);
        string? network = null;
        foreach (string rawLine in output.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith("BIRD ", StringComparison.Ordinal) || line.StartsWith("Table ", StringComparison.Ordinal))
            {
                continue;
            }
            string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                // A network's first route: "NET  TYPE [PROTO TIME] …".
                network = words[0].Contains('/', StringComparison.Ordinal) ? words[0] : null;
                if (network is not null && !routes.ContainsKey(network))
                {
                    routes[network] = [];
                }
                continue;
            }
            if (network is not null && words.Length >= 2 && words[0] == "via")
            {
                routes[network].Add(words[1]);
            }
        }
        return routes.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<string>)pair.Value, StringComparer.Ordinal);
    }
}
