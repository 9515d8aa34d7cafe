using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Nat64;

public static class Nat64ServiceCollectionExtensions
{
    /// <summary>Adds the stateful NAT64 on a TUN interface.</summary>
    public static IServiceCollection AddNat64(this IServiceCollection services, Action<Nat64Options> configure)
    {
        services.Configure(configure);
        services.AddMetrics();
        services.AddSingleton<Nat64Metrics>();
        services.AddHostedService<Nat64Service>();
        services.AddHealthChecks().AddCheck<Nat64HealthCheck>(Nat64HealthCheck.Name, timeout: TimeSpan.FromSeconds(3));
        return services;
    }
}
