using Microsoft.Extensions.Hosting;

namespace Gate64.Diagnostics;

/// <summary>
/// The lifetime of the endpoint's web application, which the gateway's host starts and stops: it
/// neither waits for nor reacts to anything itself. The default console lifetime would hook
/// SIGTERM a second time and print its own start-up banner into the gateway's log.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
