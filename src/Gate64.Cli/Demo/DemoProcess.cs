using System.ComponentModel;
using System.Diagnostics;

namespace Gate64.Cli.Demo;

/// <summary>
/// One child of the demo: an argument vector (never a shell string) started with stdin closed and its
/// stdout and stderr captured line by line. It is stopped by its PID: SIGTERM, so that it can clean up
/// after itself, then SIGKILL when it does not exit within the grace period.
/// </summary>
internal sealed class DemoProcess : IDisposable
{
    private const int LineCapacity = 4000;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_killWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly CapturedLines _standardOutput = new(LineCapacity);
    private readonly CapturedLines _standardError = new(LineCapacity);
    private readonly CapturedLines _output = new(LineCapacity);
    private readonly Task _exited;
    private readonly Stopwatch _running = Stopwatch.StartNew();

    private DemoProcess(Process process, string label, string display)
    {
        _process = process;
        Label = label;
        Display = display;
        Id = process.Id;
        _process.OutputDataReceived += (_, e) => OnLine(_standardOutput, e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(_standardError, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = WatchExitAsync();
    }

    /// <summary>What the process is, for people: e.g. "gateway: gate64 nat64".</summary>
    public string Label { get; }

    /// <summary>The command as narrated.</summary>
    public string Display { get; }

    public int Id { get; }

    public bool HasExited => _exited.IsCompleted;

    /// <summary>The exit code once it exited, else null.</summary>
    public int? ExitCode => HasExited ? SafeExitCode() : null;

    public string StandardOutput => _standardOutput.ToString();

    public string StandardError => _standardError.ToString();

    /// <summary>Stdout and stderr interleaved (the last lines only, for a long-running daemon).</summary>
    public string Output => _output.ToString();

    /// <summary>The last lines of stdout and stderr, interleaved.</summary>
    public IReadOnlyList<string> OutputLines => _output.Snapshot();

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>.</summary>
    /// <exception cref="InvalidOperationException">The program cannot be started.</exception>
    public static DemoProcess Start(
        string label,
        string display,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo info = new(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process = new() { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start {display}: {exception.Message}", exception);
        }

        DemoProcess child = new(process, label, display);
        try
        {
            // Nothing to read: a daemon waiting on a terminal it shares with the demo would steal keystrokes.
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited already; its output says why.
        }
        return child;
    }

    /// <summary>
    /// Runs a command to completion. After <paramref name="timeout"/> it is stopped and the result has
    /// exit code -1; when <paramref name="cancellationToken"/> fires it is stopped and the call throws.
    /// </summary>
    public static async Task<DemoCommandResult> RunAsync(
        string display,
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using DemoProcess process = Start(display, display, fileName, arguments, environment);
        bool exited;
        try
        {
            exited = await process.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            throw;
        }
        if (!exited)
        {
            await process.StopAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        return new DemoCommandResult(
            display,
            exited ? process.SafeExitCode() : -1,
            process.StandardOutput,
            process.StandardError,
            process.Output,
            process._running.Elapsed);
    }

    /// <summary>Waits until it exited (and its output was read); false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _exited.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until a line it printed satisfies <paramref name="predicate"/>: true when one did, false when it
    /// exited first or <paramref name="timeout"/> passed.
    /// </summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (_output.Any(predicate))
            {
                return true;
            }
            if (HasExited || elapsed.Elapsed > timeout)
            {
                // One more look: the line may have arrived with the end of the output.
                return _output.Any(predicate);
            }
            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM; SIGKILL when it is still there after <paramref name="grace"/>. Returns once it is gone.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }
        PosixKill.Send(Id, PosixKill.SigTerm);
        if (await WaitForExitAsync(grace, CancellationToken.None).ConfigureAwait(false))
        {
            return;
        }
        PosixKill.Send(Id, PosixKill.SigKill);
        await WaitForExitAsync(s_killWait, CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!HasExited)
        {
            PosixKill.Send(Id, PosixKill.SigKill);
        }
        _process.Dispose();
    }

    private void OnLine(CapturedLines lines, string? line)
    {
        if (line is not null)
        {
            lines.Add(line);
            _output.Add(line);
        }
    }

    private async Task WatchExitAsync()
    {
        try
        {
            // Completes once the process exited and both redirected streams reached their end.
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Disposed while waiting.
        }
        _running.Stop();
    }

    private int SafeExitCode()
    {
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }
}
