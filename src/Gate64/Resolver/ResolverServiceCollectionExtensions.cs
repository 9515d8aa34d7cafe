using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gate64.Resolver;

public static class ResolverServiceCollectionExtensions
{
    /// <summary>Adds the one shared <see cref="IDnsResolver"/>; configure it with <c>Configure&lt;DnsResolverOptions&gt;</c>.</summary>
    public static IServiceCollection AddResolver(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ResolverMetrics>();
        services.TryAddSingleton<IDnsResolver, DnsResolver>();
        return services;
    }
}
