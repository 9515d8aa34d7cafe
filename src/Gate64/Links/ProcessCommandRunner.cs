using System.ComponentModel;
using System.Diagnostics;

namespace Gate64.Links;

/// <summary>
/// Runs commands as child processes: the program is looked up in the system folders first (a root tool should not
/// pick up whatever is first on PATH), the arguments are passed as a list, stdin is closed, and the locale is C so
/// that error texts are the ones documented. A command that hangs is killed after <see cref="Timeout"/>.
/// </summary>
internal sealed class ProcessCommandRunner : ICommandRunner
{
    private static readonly string[] s_folders = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"];

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(30);

    public async Task<CommandResult> RunAsync(ArgumentVector command, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new(Resolve(command.Program))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
        {
            return new CommandResult(127, "", $"cannot run {command.Program}: {exception.Message}");
        }
        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            Task<string> error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return new CommandResult(124, await output.ConfigureAwait(false), $"did not finish within {Timeout.TotalSeconds:0} s");
            }
            return new CommandResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }

    private static string Resolve(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return program;
        }
        foreach (string folder in s_folders)
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return program;
    }
}
