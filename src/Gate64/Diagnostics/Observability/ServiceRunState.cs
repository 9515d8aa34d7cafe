using Microsoft.Extensions.Hosting;

namespace Gate64.Diagnostics;

/// <summary>Whether a service's background loop is running, as its health check sees it.</summary>
internal static class ServiceRunState
{
    /// <summary>Null while <typeparamref name="T"/> runs; otherwise why it does not (not added, not started, failed, stopped).</summary>
    public static string? WhyNotRunning<T>(IEnumerable<IHostedService> services, string service)
        where T : BackgroundService
    {
        T? found = services.OfType<T>().FirstOrDefault();
        if (found is null)
        {
            return $"{service} is not part of this gateway";
        }
        Task? running = found.ExecuteTask;
        if (running is null)
        {
            return $"{service} has not started";
        }
        if (running.IsFaulted)
        {
            return $"{service} failed: {running.Exception?.GetBaseException().Message}";
        }
        return running.IsCompleted ? $"{service} has stopped" : null;
    }
}
