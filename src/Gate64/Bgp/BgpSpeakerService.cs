using Gate64.Links;
using Gate64.Protocols.Bgp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Bgp;

/// <summary>
/// Runs one session per neighbor and feeds them the routes to announce: the configured prefixes,
/// the kernel's Gate64 routes (followed through netlink) and the service prefixes whose health
/// checks pass (<see cref="ServicePrefixMonitor"/>). Stopping says goodbye to every peer
/// (Cease/Administrative Shutdown), which withdraws our routes there at once. A reload changes the
/// configured prefixes and the communities on the running sessions; the sessions themselves stay.
/// </summary>
internal sealed partial class BgpSpeakerService(
    IOptionsMonitor<BgpOptions> options,
    IOwnedRouteSource ownedRoutes,
    BgpMetrics metrics,
    HealthCheckService health,
    IOptions<HealthCheckServiceOptions> healthOptions,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<BgpSpeakerService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        BgpOptions settings = options.CurrentValue;
        IReadOnlyList<string> missing = ServicePrefixMonitor.Unchecked(settings, healthOptions.Value.Registrations.Select(r => r.Name));
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"bgp: service prefixes are gated on {string.Join(", ", missing)}, but this gateway runs no such service (no health check of that name).");
        }
        DesiredRoutes desired = new(settings.Announce, settings.AnnounceOwnedRoutes, gatesServicePrefixes: settings.ServicePrefixes.Count > 0);
        metrics.DesiredRoutes(desired.Current.Count);
        LogStarted(_logger, settings.LocalAs, settings.RouterId.ToString(), string.Join(", ", settings.Neighbors), settings.Announce.Count, settings.AnnounceOwnedRoutes);

        foreach (BgpNeighborOptions neighbor in settings.Neighbors)
        {
            metrics.Neighbor(neighbor.ToString());
        }
        using IDisposable? reloads = options.OnChange(next => Reload(desired, settings, next));
        List<Task> tasks = [.. settings.Neighbors.Select(neighbor =>
            new BgpPeerSession(settings, neighbor, desired, metrics, time, loggerFactory.CreateLogger<BgpPeerSession>()).RunAsync(stoppingToken))];
        if (settings.AnnounceOwnedRoutes)
        {
            tasks.Add(FollowOwnedRoutesAsync(desired, stoppingToken));
        }
        if (settings.ServicePrefixes.Count > 0)
        {
            tasks.Add(new ServicePrefixMonitor(settings, health, desired, metrics, time, loggerFactory.CreateLogger<ServicePrefixMonitor>()).RunAsync(stoppingToken));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Applies what a reload may change: the configured prefixes, and the communities of every route.</summary>
    private void Reload(DesiredRoutes desired, BgpOptions started, BgpOptions next)
    {
        desired.SetConfigured(next.Announce);
        BgpRouteAttributes attributes = desired.Attributes ?? BgpPeerSession.AttributesFor(started);
        if (!attributes.Communities.SequenceEqual(next.Communities) || !attributes.LargeCommunities.SequenceEqual(next.LargeCommunities))
        {
            desired.SetAttributes(BgpPeerSession.AttributesFor(next));
        }
        metrics.DesiredRoutes(desired.Current.Count);
        LogReloaded(_logger, string.Join(", ", next.Announce), string.Join(", ", next.Communities.Select(BgpCommunity.Format).Concat(next.LargeCommunities.Select(c => c.ToString()))));
    }

    private async Task FollowOwnedRoutesAsync(DesiredRoutes desired, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (IReadOnlySet<Protocols.Ip.IpPrefix> owned in ownedRoutes.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                desired.SetOwnedRoutes(owned);
                metrics.DesiredRoutes(desired.Current.Count);
                LogOwnedRoutes(_logger, owned.Count, desired.Current.Count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 500, EventName = "BgpStarted", Level = LogLevel.Information, Message = "BGP speaker AS {LocalAs}, router id {RouterId}: neighbors {Neighbors}; {Configured} configured prefix(es); kernel Gate64 routes: {FollowOwned}")]
    private static partial void LogStarted(ILogger logger, uint localAs, string routerId, string neighbors, int configured, bool followOwned);

    [LoggerMessage(EventId = 502, EventName = "BgpReloaded", Level = LogLevel.Information, Message = "BGP reloaded: configured prefixes {Announce}; communities {Communities}; sessions kept")]
    private static partial void LogReloaded(ILogger logger, string announce, string communities);

    [LoggerMessage(EventId = 501, EventName = "BgpOwnedRoutes", Level = LogLevel.Information, Message = "Kernel Gate64 routes: {Owned}; announcing {Total} prefix(es) in all")]
    private static partial void LogOwnedRoutes(ILogger logger, int owned, int total);
}
