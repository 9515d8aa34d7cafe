using Gate64.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gate64.Bgp;

/// <summary>
/// BGP is healthy while at least one session is Established, degraded while none is (the gateway
/// still serves whoever reaches it, but the routers do not learn its routes), and unhealthy when
/// the speaker is not running.
/// </summary>
internal sealed class BgpHealthCheck(IEnumerable<IHostedService> services, BgpMetrics sessions, IOptionsMonitor<BgpOptions> options) : IHealthCheck
{
    public const string Name = "bgp";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (ServiceRunState.WhyNotRunning<BgpSpeakerService>(services, "the BGP speaker") is { } notRunning)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(notRunning));
        }
        int established = sessions.SessionsEstablished;
        string text = $"{established} of {options.CurrentValue.Neighbors.Count} session(s) established";
        return Task.FromResult(established > 0 ? HealthCheckResult.Healthy(text) : HealthCheckResult.Degraded(text));
    }
}
