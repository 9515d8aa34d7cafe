using Gate64.Testing;

namespace Gate64.FunctionalTests.Namespaces;

/// <summary>What the host's own namespace shows, to prove the harness leaves nothing there.</summary>
internal static class HostInterfaces
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    /// <summary>The interface names of <c>ip -o link show</c> in the test process's namespace.</summary>
    public static async Task<IReadOnlyList<string>> NamesAsync(string? type = null)
    {
        string[] arguments = type is null ? ["-o", "link", "show"] : ["-o", "link", "show", "type", type];
        ChildProcessResult result = await ChildProcess.RunAsync(RequiredTool.Find("ip"), arguments, s_timeout);
        Assert.True(result.ExitCode == 0, result.ToString());

        // "7: name@peer: <FLAGS> …"
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 3))
            .Where(parts => parts.Length == 3)
            .Select(parts => parts[1].Trim().Split('@')[0])
            .ToList();
    }
}
