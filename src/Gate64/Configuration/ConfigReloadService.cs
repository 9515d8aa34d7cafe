using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Gate64.Configuration;

/// <summary>
/// Reloads the configuration on SIGHUP (<c>systemctl reload</c>, <c>service gate64 reload</c>).
/// The signal only queues the work: the reload runs on the thread pool, one at a time.
/// </summary>
internal sealed class ConfigReloadService(ConfigReloader reloader) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;   // SIGHUP's default action ends the process
            ThreadPool.QueueUserWorkItem(static state => state.Reload(), reloader, preferLocal: false);
        });
        return Task.CompletedTask;
    }

    /// <summary>Keeps the handler until the host is disposed: a SIGHUP while draining must not end the process early.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }
}
