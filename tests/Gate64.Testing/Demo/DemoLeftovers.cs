using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gate64.Testing.Demo;

/// <summary>
/// What a <c>gate64 demo</c> run may have left behind, looked for independently of the demo's own
/// cleanup: namespaces (<c>ip netns list</c>), interfaces in this namespace (<c>ip -o link</c>; the demo
/// never makes any here), processes (<c>ps</c> command lines naming the run, and every process whose
/// environment carries the run's <c>GATE64_DEMO=TAG</c> marker), the temp folder and /etc/netns folders.
/// </summary>
public static partial class DemoLeftovers
{
    public const string Prefix = "g64demo-";
    public const string EnvironmentMarker = "GATE64_DEMO";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>The run's tag from the demo's first line ("… (tag 3fa9c1).").</summary>
    public static string TagFrom(string demoOutput)
    {
        Match match = TagLine().Match(demoOutput);
        if (!match.Success)
        {
            throw new InvalidOperationException($"the demo did not print its tag; output:\n{demoOutput}");
        }
        return match.Groups[1].Value;
    }

    /// <summary>One line per leftover of the run <paramref name="tag"/>; empty when the demo removed everything.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string tag)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        string run = Prefix + tag;
        List<string> leftovers = [];

        ChildProcessResult namespaces = await ChildProcess.RunAsync(RequiredTool.Find("ip"), ["netns", "list"], s_timeout).ConfigureAwait(false);
        EnsureSucceeded(namespaces);
        leftovers.AddRange(Lines(namespaces.StandardOutput).Where(line => line.StartsWith(run, StringComparison.Ordinal)).Select(line => $"namespace {line}"));

        ChildProcessResult links = await ChildProcess.RunAsync(RequiredTool.Find("ip"), ["-o", "link", "show"], s_timeout).ConfigureAwait(false);
        EnsureSucceeded(links);
        leftovers.AddRange(Lines(links.StandardOutput)
            .Select(line => line.Split(':', 3))
            .Where(parts => parts.Length == 3 && parts[1].Trim().StartsWith(Prefix, StringComparison.Ordinal))
            .Select(parts => $"interface {parts[1].Trim()} in the host's namespace"));

        ChildProcessResult processes = await ChildProcess.RunAsync(RequiredTool.Find("ps"), ["-eo", "pid=,args="], s_timeout).ConfigureAwait(false);
        EnsureSucceeded(processes);
        leftovers.AddRange(Lines(processes.StandardOutput).Where(line => line.Contains(run, StringComparison.Ordinal)).Select(line => $"process {line}"));
        leftovers.AddRange(MarkedProcesses(tag).Select(pid => $"process {pid} with {EnvironmentMarker}={tag}: {CommandLine(pid)}"));

        string temp = Path.Combine(Path.GetTempPath(), run);
        if (Directory.Exists(temp))
        {
            leftovers.Add($"folder {temp}");
        }
        if (Directory.Exists("/etc/netns"))
        {
            leftovers.AddRange(Directory.EnumerateDirectories("/etc/netns", run + "*").Select(folder => $"folder {folder}"));
        }
        return leftovers;
    }

    private static IEnumerable<int> MarkedProcesses(string tag)
    {
        string marker = $"{EnvironmentMarker}={tag}";
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }
            byte[] environment;
            try
            {
                environment = File.ReadAllBytes(Path.Combine(folder, "environ"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (Encoding.UTF8.GetString(environment).Split('\0').Contains(marker, StringComparer.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(gone)";
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void EnsureSucceeded(ChildProcessResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"command failed: {result}");
        }
    }

    [GeneratedRegex(@"\(tag ([0-9a-f]{6})\)")]
    private static partial Regex TagLine();
}
