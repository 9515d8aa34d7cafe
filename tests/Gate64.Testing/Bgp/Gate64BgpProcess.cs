using System.Diagnostics;

namespace Gate64.Testing.Bgp;

/// <summary>
/// A running <c>gate64 bgp …</c>, the real CLI started through <see cref="Gate64Executable"/> inside a
/// namespace (or in the test's own namespace for loopback peers). Its log is its stdout. It is stopped by
/// PID: <see cref="TerminateAsync"/> (SIGTERM, the goodbye path) or <see cref="KillAsync"/> (SIGKILL, a
/// crash); disposing kills it if it still runs.
/// </summary>
public sealed class Gate64BgpProcess : IAsyncDisposable
{
    private Gate64BgpProcess(ChildProcess process, IReadOnlyList<string> arguments)
    {
        Process = process;
        Arguments = arguments;
    }

    public ChildProcess Process { get; }

    /// <summary>The arguments after <c>gate64</c> (starting with <c>bgp</c>).</summary>
    public IReadOnlyList<string> Arguments { get; }

    public int Id => Process.Id;

    /// <summary>Starts <c>gate64 ARGUMENTS…</c> in <paramref name="networkNamespace"/>, or in the test's namespace when null.</summary>
    public static Gate64BgpProcess Start(NetworkNamespace? networkNamespace, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Gate64Executable executable = Gate64Executable.Locate();
        ChildProcess process = networkNamespace is null ? executable.Start(arguments) : executable.Start(networkNamespace, arguments);
        return new Gate64BgpProcess(process, arguments);
    }

    /// <summary>The log lines (stdout) that contain every one of <paramref name="fragments"/> (ordinal, case-insensitive).</summary>
    public IReadOnlyList<string> LogLines(params string[] fragments) =>
        Process.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => fragments.All(f => line.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    /// <summary>
    /// Waits until at least <paramref name="count"/> log lines contain every one of <paramref name="fragments"/>
    /// and returns the last of them. Fails at once when the speaker exits.
    /// </summary>
    public async Task<string> WaitForLogLinesAsync(int count, TimeSpan timeout, params string[] fragments)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<string> lines = LogLines(fragments);
            if (lines.Count >= count)
            {
                return lines[^1];
            }

            if (Process.HasExited)
            {
                throw new InvalidOperationException(
                    $"gate64 bgp exited before it logged {count} line(s) with [{string.Join(", ", fragments)}]: {Describe()}");
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"gate64 bgp logged {lines.Count} of {count} line(s) with [{string.Join(", ", fragments)}] within " +
                    $"{timeout.TotalSeconds:0.#} s; {Describe()}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for one log line with every one of <paramref name="fragments"/>.</summary>
    public Task<string> WaitForLogLineAsync(TimeSpan timeout, params string[] fragments) =>
        WaitForLogLinesAsync(1, timeout, fragments);

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public Task<int> TerminateAsync(TimeSpan timeout) => SignalAndWaitAsync(ProcessSignals.SigTerm, timeout);

    /// <summary>SIGKILL (no goodbye to the peers, like a crash), then waits for the exit.</summary>
    public Task<int> KillAsync(TimeSpan timeout) => SignalAndWaitAsync(ProcessSignals.SigKill, timeout);

    /// <summary>The command line, state and log, for assertion messages.</summary>
    public string Describe() => Process.Describe();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private async Task<int> SignalAndWaitAsync(int signal, TimeSpan timeout)
    {
        if (Process.HasExited)
        {
            throw new InvalidOperationException($"gate64 bgp had already exited before signal {signal}: {Describe()}");
        }

        ProcessSignals.Send(Process.Id, signal);
        return await Process.WaitForExitAsync(timeout).ConfigureAwait(false);
    }
}
