using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Dns64;

public static class Dns64ServiceCollectionExtensions
{
    /// <summary>Adds the DNS64 server (and the shared resolver it forwards through).</summary>
    public static IServiceCollection AddDns64(this IServiceCollection services, Action<Dns64Options> configure)
    {
        services.AddResolver();
        services.Configure(configure);
        services.AddSingleton<Dns64Metrics>();
        services.AddSingleton<Dns64Responder>();
        services.AddSingleton<Dns64QueryHandler>();
        services.AddHostedService<Dns64Service>();
        services.AddHealthChecks().AddCheck<Dns64HealthCheck>(Dns64HealthCheck.Name, timeout: TimeSpan.FromSeconds(3));
        return services;
    }
}
