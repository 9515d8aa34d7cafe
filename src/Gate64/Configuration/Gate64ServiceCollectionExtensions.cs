using Gate64.Bgp;
using Gate64.Diagnostics;
using Gate64.Dns64;
using Gate64.Ingress;
using Gate64.Nat64;
using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Configuration;

public static class Gate64ServiceCollectionExtensions
{
    /// <summary>
    /// Adds every service of the configuration in force (<c>gate64 run</c>), each through the same
    /// <c>AddX</c> as its single command, so that they behave alike. Shared pieces (the resolver,
    /// TimeProvider, metrics) are registered once by those extensions. Each service's options are
    /// filled from the store's current snapshot and their monitors follow its reloads; SIGHUP
    /// reloads the file.
    /// </summary>
    public static IServiceCollection AddGate64Services(this IServiceCollection services, Gate64ConfigStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Gate64Config config = store.Current;
        services.AddSingleton(store);
        // Sections cannot appear or vanish on reload (that needs a restart), so Current keeps each one.
        if (config.Resolver is not null)
        {
            services.Configure<DnsResolverOptions>(options => store.Current.Resolver!(options));
        }
        if (config.Nat64 is not null)
        {
            services.AddNat64(options => store.Current.Nat64!(options));
            FollowReloads<Nat64Options>(services, store, Nat64Section.Name);
        }
        if (config.Dns64 is not null)
        {
            services.AddDns64(options => store.Current.Dns64!(options));
            FollowReloads<Dns64Options>(services, store, Dns64Section.Name);
        }
        if (config.Ingress is not null)
        {
            services.AddIngress(options => store.Current.Ingress!(options));
            FollowReloads<IngressOptions>(services, store, IngressSection.Name);
            if (config.IngressResolver is { } ownResolver)
            {
                services.Replace(ServiceDescriptor.Singleton(provider => new BackendLookup(OwnResolver(provider, ownResolver), provider.GetRequiredService<BackendPolicy>())));
            }
        }
        if (config.Bgp is not null)
        {
            services.AddBgpSpeaker(options => store.Current.Bgp!(options));
            FollowReloads<BgpOptions>(services, store, BgpSection.Name);
        }
        if (config.MetricsListen is { } metrics)
        {
            services.AddGate64Observability(options => options.Listen = metrics);
        }
        services.AddSingleton<ConfigReloader>();
        services.AddHostedService<ConfigReloadService>();
        return services;
    }

    private static void FollowReloads<TOptions>(IServiceCollection services, Gate64ConfigStore store, string section) =>
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>>(new ConfigChangeTokenSource<TOptions>(store, section));

    /// <summary>The ingress's own resolver (<c>[ingress] resolver</c>): not the shared one DNS64 forwards through.</summary>
    private static DnsResolver OwnResolver(IServiceProvider provider, Action<DnsResolverOptions> configure)
    {
        DnsResolverOptions options = new();
        configure(options);
        return new DnsResolver(Options.Create(options), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ResolverMetrics>(), provider.GetRequiredService<ILogger<DnsResolver>>());
    }
}
