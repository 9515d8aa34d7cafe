using System.Globalization;
using System.Text.RegularExpressions;

namespace Gate64.Cli.Demo;

/// <summary>
/// The BIRD router of the demo is the shipped snippet (<c>deploy/bird/bird.conf</c> including
/// <c>deploy/bird/gate64.conf</c>) with its <c>@NAME@</c> placeholders filled in, so the demo runs
/// what an operator deploys. The files are found in the checkout the running gate64 was built from.
/// </summary>
internal static partial class RouterSnippet
{
    public const string ConfigurationFile = "bird.conf";
    public const string PolicyFile = "gate64.conf";

    /// <summary>Where the snippet lives below the repository root.</summary>
    public static readonly string RelativeFolder = Path.Combine("deploy", "bird");

    /// <summary>
    /// The first <c>deploy/bird</c> holding both files in or above any of <paramref name="startFolders"/>
    /// (the application's folder is inside <c>artifacts/bin/…</c> of the checkout), or null.
    /// </summary>
    public static string? Locate(IEnumerable<string> startFolders)
    {
        foreach (string start in startFolders)
        {
            for (DirectoryInfo? folder = new(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, RelativeFolder);
                if (File.Exists(Path.Combine(candidate, ConfigurationFile)) && File.Exists(Path.Combine(candidate, PolicyFile)))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The placeholder values for the demo's address plan (deploy/bird/README.md explains each).</summary>
    public static IReadOnlyDictionary<string, string> DemoValues() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ROUTER_ID"] = DemoAddresses.RouterId,
        ["ROUTER_AS"] = DemoAddresses.RouterAs.ToString(CultureInfo.InvariantCulture),
        ["GATE64_AS"] = DemoAddresses.Gate64As.ToString(CultureInfo.InvariantCulture),
        ["HOST_RANGE4"] = DemoAddresses.HostRange4,
        ["HOST_RANGE6"] = DemoAddresses.HostRange6,
        ["WORKLOAD_POOL4"] = DemoAddresses.WorkloadPool4,
        ["WORKLOAD_POOL6"] = DemoAddresses.WorkloadPool6,
        // Prefix sets: the gateway announces its NAT64 pool and ingress address, its NAT64 prefix and DNS64 address.
        ["SERVICE_PREFIX4"] = $"{DemoAddresses.Nat64Pool}, {DemoAddresses.IngressAddress}/32",
        ["SERVICE_PREFIX6"] = $"{DemoAddresses.Nat64Prefix}, {DemoAddresses.Dns64Address}/128",
        ["MAX_PREFIXES"] = "1000",
    };

    /// <summary>Replaces every <c>@NAME@</c>; throws when one has no value (the snippet changed and the demo did not).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values)
    {
        List<string> missing = [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Where(name => !values.ContainsKey(name)).Distinct(StringComparer.Ordinal)];
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"the router snippet has placeholders the demo does not fill: @{string.Join("@, @", missing)}@");
        }
        return Placeholder().Replace(text, m => values[m.Groups[1].Value]);
    }

    /// <summary>
    /// Renders both files of <paramref name="snippetFolder"/> into <paramref name="targetFolder"/> and writes
    /// the config BIRD is started with: logging to stderr (the demo keeps it) around the shipped bird.conf.
    /// Returns that config's path.
    /// </summary>
    public static string WriteConfiguration(string snippetFolder, string targetFolder)
    {
        IReadOnlyDictionary<string, string> values = DemoValues();
        foreach (string file in new[] { ConfigurationFile, PolicyFile })
        {
            string text = File.ReadAllText(Path.Combine(snippetFolder, file));
            File.WriteAllText(Path.Combine(targetFolder, file), Render(text, values));
        }
        string wrapper = Path.Combine(targetFolder, "router.conf");
        File.WriteAllText(wrapper, $"# gate64 demo: the shipped deploy/bird snippet, logging to stderr.\nlog stderr all;\ninclude \"{Path.Combine(targetFolder, ConfigurationFile)}\";\n");
        return wrapper;
    }

    [GeneratedRegex("@([A-Z][A-Z0-9_]*)@")]
    private static partial Regex Placeholder();
}
