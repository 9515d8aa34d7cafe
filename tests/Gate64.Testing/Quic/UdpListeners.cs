using System.Diagnostics;
using System.Net;
using Xunit;

namespace Gate64.Testing.Quic;

/// <summary>Waits for UDP sockets to be bound in a namespace (seen with <c>ss -u</c>, so no probe datagram reaches the program).</summary>
public static class UdpListeners
{
    /// <summary>Returns once every one of <paramref name="endpoints"/> is bound in <paramref name="networkNamespace"/>; fails the test after <paramref name="timeout"/>.</summary>
    /// <param name="networkNamespace">Where to look.</param>
    /// <param name="process">The program that should bind them: a failure says what it printed, and its early exit ends the wait.</param>
    /// <param name="timeout">How long binding may take.</param>
    /// <param name="endpoints">The addresses, as <c>ss -n</c> prints them (<c>198.51.100.1:443</c>, <c>[2001:db8::1]:443</c>).</param>
    public static async Task WaitAsync(NetworkNamespace networkNamespace, ChildProcess process, TimeSpan timeout, params IPEndPoint[] endpoints)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(process);
        string ss = RequiredTool.Find("ss");
        HashSet<string> expected = [.. endpoints.Select(endpoint => endpoint.ToString())];
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                Assert.Fail($"{process.CommandLine} exited before it bound UDP {string.Join(", ", expected)}: {process.Describe()}");
            }

            ChildProcessResult bound = await networkNamespace.RunAsync(ss, ["-H", "-l", "-u", "-n"], TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            HashSet<string> local = [.. bound.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(columns => columns.Length >= 4)
                .Select(columns => columns[3])];
            if (expected.IsSubsetOf(local))
            {
                return;
            }

            if (elapsed.Elapsed > timeout)
            {
                Assert.Fail($"UDP {string.Join(", ", expected.Except(local))} not bound within {timeout.TotalSeconds:0} s; bound: {string.Join(", ", local)}\n{process.Describe()}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
