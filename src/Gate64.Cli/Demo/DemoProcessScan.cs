using System.Globalization;
using System.Text;

namespace Gate64.Cli.Demo;

/// <summary>
/// Finds the demo's processes by the <see cref="DemoNames.EnvironmentMarker"/> variable every child
/// inherits (<c>GATE64_DEMO=TAG</c> in <c>/proc/PID/environ</c>): a child whose namespace is already
/// gone, or that a daemon forked, is still found, and nothing else is ever matched.
/// </summary>
internal static class DemoProcessScan
{
    /// <summary>The PIDs carrying the marker with <paramref name="tag"/> (any demo's when null), this process excluded.</summary>
    public static IReadOnlyList<int> Find(string? tag)
    {
        List<int> found = [];
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return found;
        }
        foreach (string entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            string? markerTag = MarkerTag(ReadEnvironment(entry));
            if (markerTag is not null && (tag is null || markerTag == tag))
            {
                found.Add(pid);
            }
        }
        return found;
    }

    /// <summary>The tag of the marker in a NUL-separated environment block, or null.</summary>
    public static string? MarkerTag(string environment)
    {
        string prefix = DemoNames.EnvironmentMarker + "=";
        foreach (string variable in environment.Split('\0'))
        {
            if (variable.StartsWith(prefix, StringComparison.Ordinal))
            {
                string tag = variable[prefix.Length..];
                return DemoNames.IsTag(tag) ? tag : null;
            }
        }
        return null;
    }

    private static string ReadEnvironment(string processFolder)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(processFolder, "environ")));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or a kernel thread.
            return "";
        }
    }
}
