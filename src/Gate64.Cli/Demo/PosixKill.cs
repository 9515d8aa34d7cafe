using System.Runtime.InteropServices;

namespace Gate64.Cli.Demo;

/// <summary>
/// <c>kill(2)</c> for one PID: the demo stops its children with SIGTERM first so that they clean up
/// after themselves (the NAT64 removes its routes, the speakers send a Cease), and only then SIGKILL.
/// <see cref="System.Diagnostics.Process.Kill()"/> only knows SIGKILL.
/// </summary>
internal static partial class PosixKill
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone (or was never there).</summary>
    public static bool Send(int processId, int signal) => processId > 0 && Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
