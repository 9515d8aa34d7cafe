using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Ingress.Quic;

internal static class QuicIngressServiceCollectionExtensions
{
    /// <summary>Adds the QUIC listeners of the ingress (part of <see cref="IngressServiceCollectionExtensions.AddIngress"/>).</summary>
    public static IServiceCollection AddQuicIngress(this IServiceCollection services)
    {
        services.AddSingleton<QuicIngressMetrics>();
        services.AddSingleton<QuicBackendRouter>();
        services.AddHostedService<QuicIngressService>();
        return services;
    }
}
