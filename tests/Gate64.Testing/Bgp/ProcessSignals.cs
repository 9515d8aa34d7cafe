using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Gate64.Testing.Bgp;

/// <summary>
/// Sends a signal to one process by PID (<c>kill(2)</c>): SIGTERM to stop the speaker the way an operator
/// or systemd does, SIGKILL to crash it. <see cref="System.Diagnostics.Process.Kill()"/> only knows SIGKILL.
/// </summary>
public static partial class ProcessSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; throws when the process is gone.</summary>
    public static void Send(int processId, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processId, 1);
        if (Kill(processId, signal) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({processId}, {signal}) failed", new Win32Exception(error));
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
