using System.Runtime.InteropServices;

namespace Gate64.Cli.Demo;

/// <summary>
/// Turns SIGINT (Ctrl-C), SIGTERM and SIGHUP into a cancellation the demo observes, instead of the
/// runtime's default of ending the process at once: whatever the demo made must be removed first.
/// Later signals do not end it either; they only say that the cleanup is under way.
/// </summary>
internal sealed class DemoInterrupts : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _error;
    private int _signals;
    private int _exitCode = DemoRunner.Interrupted;

    public DemoInterrupts(CancellationToken outer, TextWriter error)
    {
        _error = error;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal (or by the command's own token).</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>128 + the first signal's number, as a shell reports a process ended by it (130 for SIGINT).</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            Volatile.Write(ref _exitCode, context.Signal switch
            {
                PosixSignal.SIGHUP => 129,
                PosixSignal.SIGTERM => 143,
                _ => DemoRunner.Interrupted,
            });
            // Not Cancel(): its callbacks run the whole interruption and cleanup, and this is the thread
            // that also delivers SIGCHLD, which waiting for the stopped children needs.
            _ = _source.CancelAsync();
            return;
        }
        _error.WriteLine($"gate64 demo: {context.Signal}: still removing what the demo made; kill -9 would leave it behind ('gate64 demo --clean' removes leftovers).");
    }
}
