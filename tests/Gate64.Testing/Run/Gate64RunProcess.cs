using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Gate64.Testing.Run;

/// <summary>
/// A running <c>gate64 run --config FILE</c> inside a namespace, started once the host reports that
/// every service started. Reloads with SIGHUP and stops with SIGTERM like systemd does; disposing
/// kills it if it still runs.
/// </summary>
public sealed class Gate64RunProcess : IAsyncDisposable
{
    /// <summary>The logger category of the reloader: every reload ends with one of its lines.</summary>
    public const string ReloaderCategory = "Gate64.Configuration.ConfigReloader";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_signalTimeout = TimeSpan.FromSeconds(10);

    private Gate64RunProcess(ChildProcess process)
    {
        Process = process;
    }

    public ChildProcess Process { get; }

    /// <summary>Starts gate64 and waits until the host has started every service; fails the test if it exits first.</summary>
    public static async Task<Gate64RunProcess> StartAsync(NetworkNamespace networkNamespace, string configPath)
    {
        ChildProcess process = Gate64Executable.Locate().Start(networkNamespace, ["run", "--config", configPath]);
        try
        {
            await process.WaitForOutputAsync("Application started", s_startTimeout).ConfigureAwait(false);
            return new Gate64RunProcess(process);
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            Assert.Fail($"gate64 run did not start: {exception.Message}");
            throw;
        }
    }

    /// <summary>Sends SIGHUP and waits for the reload's outcome; returns the reloader's lines of this reload.</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync()
    {
        int before = LogLines(ReloaderCategory).Count;
        await SignalAsync("-HUP").ConfigureAwait(false);
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<string> lines = [.. LogLines(ReloaderCategory).Skip(before)];
            // The outcome is the last line of a reload: "Reloaded …" (applied, unchanged) or "Reload of … refused".
            if (lines.Any(line => line.Contains("] Reloaded ", StringComparison.Ordinal) || line.Contains("] Reload of ", StringComparison.Ordinal)))
            {
                return lines;
            }
            if (Process.HasExited || elapsed.Elapsed > s_signalTimeout)
            {
                Assert.Fail($"no reload outcome within {s_signalTimeout.TotalSeconds:0} s of SIGHUP: {Process.Describe()}");
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Sends SIGTERM and returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await SignalAsync("-TERM").ConfigureAwait(false);
        return await Process.WaitForExitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>The lines gate64 printed that contain every one of <paramref name="fragments"/> (ordinal).</summary>
    public IReadOnlyList<string> LogLines(params string[] fragments) =>
        [.. Process.Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => fragments.All(fragment => line.Contains(fragment, StringComparison.Ordinal)))];

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private async Task SignalAsync(string signal)
    {
        Assert.False(Process.HasExited, $"gate64 run is gone: {Process.Describe()}");
        ChildProcessResult kill = await ChildProcess.RunAsync(
            RequiredTool.Find("kill"), [signal, Process.Id.ToString(CultureInfo.InvariantCulture)], s_signalTimeout).ConfigureAwait(false);
        Assert.True(kill.ExitCode == 0, kill.ToString());
    }
}
