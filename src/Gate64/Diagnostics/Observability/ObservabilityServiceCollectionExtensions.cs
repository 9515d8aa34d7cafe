using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace Gate64.Diagnostics;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>Every Gate64 meter: <c>Gate64.Dns64</c>, <c>Gate64.Resolver</c>, <c>Gate64.Ingress</c>, <c>Gate64.Nat64</c>, <c>Gate64.Bgp</c>, and any added later.</summary>
    public const string MeterPattern = "Gate64.*";

    /// <summary>
    /// Adds the metrics and health endpoint: the Gate64 meters exported in the Prometheus text format
    /// on <c>/metrics</c>, and the registered health checks (each service's <c>AddX</c> registers its
    /// own: dns64, ingress, nat64, bgp) on <c>/healthz</c> and <c>/healthz/SERVICE</c>. Nothing listens
    /// unless <see cref="ObservabilityOptions.Listen"/> is set.
    /// </summary>
    public static IServiceCollection AddGate64Observability(this IServiceCollection services, Action<ObservabilityOptions> configure)
    {
        services.Configure(configure);
        services.AddMetrics();
        services.AddHealthChecks();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(MeterPattern)
            .AddPrometheusExporter(prometheus =>
            {
                // Every scrape sees the counters as they are now, not a copy up to 300 ms old.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                prometheus.TargetInfoEnabled = false;
            }));
        services.TryAddSingleton<ObservabilityEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ObservabilityEndpoint>(provider => provider.GetRequiredService<ObservabilityEndpoint>()));
        return services;
    }
}
