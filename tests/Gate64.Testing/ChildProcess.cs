using System.ComponentModel;
using System.Diagnostics;

namespace Gate64.Testing;

/// <summary>
/// A started process (argument list, never a shell string) whose stdout and stderr are captured into
/// bounded buffers. Disposing kills the whole process tree unless it already exited.
/// </summary>
public sealed class ChildProcess : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan s_killWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly OutputBuffer _standardOutput;
    private readonly OutputBuffer _standardError;
    private readonly OutputBuffer _output;
    private readonly Task _exited;
    private int _disposed;

    private ChildProcess(Process process, string commandLine, int outputCapacity)
    {
        _process = process;
        CommandLine = commandLine;
        Id = process.Id;
        _standardOutput = new OutputBuffer(outputCapacity);
        _standardError = new OutputBuffer(outputCapacity);
        _output = new OutputBuffer(outputCapacity);
        _process.OutputDataReceived += (_, e) => OnLine(_standardOutput, e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(_standardError, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _exited = WatchExitAsync();
    }

    public int Id { get; }

    /// <summary>The program and its arguments, for messages.</summary>
    public string CommandLine { get; }

    public bool HasExited => _exited.IsCompleted || SafeHasExited();

    /// <summary>The exit code once the process exited, else null.</summary>
    public int? ExitCode => HasExited ? SafeExitCode() : null;

    public string StandardOutput => _standardOutput.ToString();

    public string StandardError => _standardError.ToString();

    /// <summary>Stdout and stderr interleaved in the order their lines arrived.</summary>
    public string Output => _output.ToString();

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, ChildProcessOptions? options = null)
    {
        options ??= ChildProcessOptions.Default;
        ProcessStartInfo info = new(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (options.WorkingDirectory is not null)
        {
            info.WorkingDirectory = options.WorkingDirectory;
        }

        foreach ((string name, string? value) in options.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        string commandLine = FormatCommandLine(fileName, info.ArgumentList);
        Process process = new() { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start `{commandLine}`: {e.Message}", e);
        }

        ChildProcess child = new(process, commandLine, options.OutputCapacity);
        if (options.StandardInput is not null)
        {
            try
            {
                process.StandardInput.Write(options.StandardInput);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited (closed its end) before reading: its output says why.
            }
        }

        return child;
    }

    /// <summary>Starts a process and waits for it to exit; on timeout it is killed and <see cref="TimeoutException"/> thrown.</summary>
    public static async Task<ChildProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, ChildProcessOptions? options = null)
    {
        await using ChildProcess child = Start(fileName, arguments, options);
        int exitCode = await child.WaitForExitAsync(timeout).ConfigureAwait(false);
        return new ChildProcessResult(child.CommandLine, exitCode, child.StandardOutput, child.StandardError);
    }

    /// <summary>Waits for the process to exit and its output to be read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"`{CommandLine}` did not exit within {timeout.TotalSeconds:0.#} s; output so far:\n{Output}");
        }

        return SafeExitCode();
    }

    /// <summary>Writes one line to the process's standard input (open unless the options gave all of it at the start).</summary>
    public void WriteStandardInputLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>
    /// Waits until a line of stdout or stderr contains <paramref name="text"/>. Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>, and
    /// <see cref="InvalidOperationException"/> as soon as the process exits without printing it.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        bool seen;
        try
        {
            seen = await _output.WaitForAsync(text).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"`{CommandLine}` did not print \"{text}\" within {timeout.TotalSeconds:0.#} s; output so far:\n{Output}");
        }

        if (!seen)
        {
            throw new InvalidOperationException(
                $"`{CommandLine}` exited with code {ExitCode} without printing \"{text}\"; output:\n{Output}");
        }
    }

    /// <summary>Describes the process and everything it printed, for assertion messages.</summary>
    public string Describe()
    {
        string state = HasExited ? $"exited with code {ExitCode}" : "still running";
        return $"`{CommandLine}` (pid {Id}, {state}); output:\n{Output}";
    }

    public void Dispose()
    {
        if (!KillOnce())
        {
            return;
        }

        try
        {
            _exited.Wait(s_killWait);
        }
        catch (AggregateException)
        {
            // WatchExitAsync does not throw; nothing to report while disposing.
        }

        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!KillOnce())
        {
            return;
        }

        try
        {
            await _exited.WaitAsync(s_killWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Killed but its output pipes are still held open by something; give up waiting.
        }

        _process.Dispose();
    }

    private void OnLine(OutputBuffer buffer, string? line)
    {
        if (line is not null)
        {
            buffer.AppendLine(line);
            _output.AppendLine(line);
        }
    }

    private static string FormatCommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? argument
            : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

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
        finally
        {
            _standardOutput.Complete();
            _standardError.Complete();
            _output.Complete();
        }
    }

    /// <summary>Kills the tree on the first call; false on later calls.</summary>
    private bool KillOnce()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return false;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // A member of the tree was already gone.
        }

        return true;
    }

    private bool SafeHasExited()
    {
        try
        {
            return _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
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
