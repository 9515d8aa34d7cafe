using Gate64.Links;
using Gate64.Platform.Netlink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gate64.Bgp;

public static class BgpServiceCollectionExtensions
{
    /// <summary>Adds the BGP speaker, following the kernel's Gate64 routes through netlink.</summary>
    public static IServiceCollection AddBgpSpeaker(this IServiceCollection services, Action<BgpOptions> configure)
    {
        services.Configure(configure);
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BgpMetrics>();
        services.TryAddSingleton<IOwnedRouteSource>(_ => new NetlinkOwnedRouteSource());
        services.AddHostedService<BgpSpeakerService>();
        services.AddHealthChecks().AddCheck<BgpHealthCheck>(BgpHealthCheck.Name, timeout: TimeSpan.FromSeconds(3));
        return services;
    }
}
