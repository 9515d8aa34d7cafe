using Xunit;

namespace Gate64.Testing.Bgp;

/// <summary>
/// <c>gate64 link up|down</c> run to completion inside the host namespace (the real CLI), so that the
/// workload's host routes appear in the kernel the BGP speaker watches, the way operators make them.
/// </summary>
public static class Gate64Link
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>A link name for one topology: harness prefix + tag + <c>w</c> (12 characters, under the 15 Linux allows).</summary>
    public static string NameFor(string tag) => $"{NetworkNamespace.NamePrefix}{tag}w";

    /// <summary><c>gate64 link up NAME --netns WORKLOAD --ipv6 A [--ipv4 A]</c> in <paramref name="host"/>; fails the test unless it exits 0.</summary>
    public static Task<ChildProcessResult> UpAsync(NetworkNamespace host, string name, NetworkNamespace workload, string ipv6, string? ipv4)
    {
        ArgumentNullException.ThrowIfNull(workload);
        List<string> arguments = ["link", "up", name, "--netns", workload.Name, "--ipv6", ipv6];
        if (ipv4 is not null)
        {
            arguments.AddRange(["--ipv4", ipv4]);
        }

        return RunAsync(host, arguments);
    }

    /// <summary><c>gate64 link down NAME</c> in <paramref name="host"/>; fails the test unless it exits 0.</summary>
    public static Task<ChildProcessResult> DownAsync(NetworkNamespace host, string name) => RunAsync(host, ["link", "down", name]);

    private static async Task<ChildProcessResult> RunAsync(NetworkNamespace host, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(host);
        await using ChildProcess process = Gate64Executable.Locate().Start(host, arguments);
        int exitCode = await process.WaitForExitAsync(s_timeout).ConfigureAwait(false);
        ChildProcessResult result = new(process.CommandLine, exitCode, process.StandardOutput, process.StandardError);
        Assert.True(exitCode == 0, $"gate64 {string.Join(' ', arguments)} failed:\n{result}");
        return result;
    }
}
