using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Gate64.Bgp;

/// <summary>
/// Runs the health checks that gate service prefixes every <see cref="BgpOptions.ServiceHealthInterval"/>
/// (only those: the other checks are for <c>/healthz</c>), feeds the results through a
/// <see cref="ServicePrefixGate"/> and publishes the prefixes it lets through into the desired
/// routes, which the sessions then announce or withdraw. Every opening and closing is logged.
/// </summary>
internal sealed partial class ServicePrefixMonitor
{
    private readonly BgpOptions _options;
    private readonly HealthCheckService _health;
    private readonly DesiredRoutes _desired;
    private readonly BgpMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ServicePrefixGate _gate;
    private bool _published;

    public ServicePrefixMonitor(BgpOptions options, HealthCheckService health, DesiredRoutes desired, BgpMetrics metrics, TimeProvider time, ILogger logger)
    {
        _options = options;
        _health = health;
        _desired = desired;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _gate = new ServicePrefixGate(options.ServicePrefixes, options.ServiceFailuresToWithdraw);
        foreach (HealthGatedPrefix prefix in options.ServicePrefixes)
        {
            metrics.ServicePrefix(prefix, announced: false);
        }
    }

    /// <summary>
    /// The gated services that no registered health check answers for (e.g. <c>nat64</c> in a
    /// process that runs no NAT64): their prefixes could never be announced, so the speaker refuses
    /// to start with them.
    /// </summary>
    public static IReadOnlyList<string> Unchecked(BgpOptions options, IEnumerable<string> registeredChecks)
    {
        HashSet<string> registered = new(registeredChecks, StringComparer.Ordinal);
        return [.. options.ServicePrefixes.Select(p => p.Service).Distinct(StringComparer.Ordinal).Where(service => !registered.Contains(service))];
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        LogGated(_logger, string.Join(", ", _options.ServicePrefixes), _options.ServiceHealthInterval.TotalSeconds, _options.ServiceFailuresToWithdraw);
        try
        {
            while (true)
            {
                HealthReport report = await CheckAsync(cancellationToken).ConfigureAwait(false);
                Apply(report);
                await Task.Delay(_options.ServiceHealthInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _health.CheckHealthAsync(registration => _gate.Services.Contains(registration.Name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Health that cannot be learned is no health: every service of this round counts as failed.
            LogCheckFailed(_logger, exception);
            return new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero);
        }
    }

    private void Apply(HealthReport report)
    {
        bool moved = false;
        foreach (ServiceGateChange change in _gate.Apply(report))
        {
            string prefixes = string.Join(", ", _gate.PrefixesOf(change.Service));
            string status = change.Status.ToString().ToLowerInvariant();
            switch (change.Opened)
            {
                case true:
                    LogAnnouncing(_logger, change.Service, prefixes);
                    moved = true;
                    break;
                case false:
                    LogWithdrawing(_logger, change.Service, status, change.Failures, change.Description ?? "-", prefixes);
                    moved = true;
                    break;
                case null when change.Failures > 0 && _gate.IsOpen(change.Service):
                    LogFailing(_logger, change.Service, status, change.Description ?? "-", change.Failures, _options.ServiceFailuresToWithdraw);
                    break;
            }
        }
        // The first round is always published: it completes the desired routes (End-of-RIB waits for it).
        if (!moved && _published)
        {
            return;
        }
        _published = true;
        _desired.SetServicePrefixes(_gate.Announced);
        foreach (HealthGatedPrefix prefix in _options.ServicePrefixes)
        {
            _metrics.ServicePrefix(prefix, _gate.IsOpen(prefix.Service));
        }
        _metrics.DesiredRoutes(_desired.Current.Count);
    }

    [LoggerMessage(EventId = 520, EventName = "BgpServicePrefixesGated", Level = LogLevel.Information, Message = "Service prefixes {Prefixes} announced while their health checks pass (every {Interval} s; withdrawn after {Failures} failures in a row)")]
    private static partial void LogGated(ILogger logger, string prefixes, double interval, int failures);

    [LoggerMessage(EventId = 521, EventName = "BgpServiceHealthy", Level = LogLevel.Information, Message = "Service {Service} is healthy: announcing {Prefixes}")]
    private static partial void LogAnnouncing(ILogger logger, string service, string prefixes);

    [LoggerMessage(EventId = 522, EventName = "BgpServiceUnhealthy", Level = LogLevel.Warning, Message = "Service {Service} is {Status} ({Failures} results in a row: {Description}): withdrawing {Prefixes}")]
    private static partial void LogWithdrawing(ILogger logger, string service, string status, int failures, string description, string prefixes);

    [LoggerMessage(EventId = 523, EventName = "BgpServiceHealthFailing", Level = LogLevel.Information, Message = "Service {Service} is {Status} ({Description}); {Failures} of {Limit} failures before its prefixes are withdrawn")]
    private static partial void LogFailing(ILogger logger, string service, string status, string description, int failures, int limit);

    [LoggerMessage(EventId = 524, EventName = "BgpServiceHealthCheckFailed", Level = LogLevel.Warning, Message = "Running the service health checks failed; counting every gated service as failed this round")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
