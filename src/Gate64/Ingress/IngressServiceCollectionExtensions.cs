using Gate64.Ingress.Quic;
using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress;

public static class IngressServiceCollectionExtensions
{
    /// <summary>Adds the ingress proxy (and the shared resolver its lookups go through).</summary>
    public static IServiceCollection AddIngress(this IServiceCollection services, Action<IngressOptions> configure)
    {
        services.AddResolver();
        services.Configure(configure);
        services.AddSingleton(provider =>
        {
            IngressOptions options = provider.GetRequiredService<IOptions<IngressOptions>>().Value;
            return BackendPolicy.ForThisHost(options.Permit, options.Nat64Prefix);
        });
        services.AddSingleton<BackendLookup>();
        services.AddSingleton<IngressMetrics>();
        services.AddSingleton<IngressConnectionHandler>();
        services.AddHostedService<IngressService>();
        services.AddQuicIngress();
        services.AddHealthChecks().AddCheck<IngressHealthCheck>(IngressHealthCheck.Name, timeout: TimeSpan.FromSeconds(3));
        return services;
    }
}
