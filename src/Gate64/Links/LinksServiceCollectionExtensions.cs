using Gate64.Platform.Netlink;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gate64.Links;

/// <summary>Registration of the owned-route source the BGP speaker consumes.</summary>
public static class LinksServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IOwnedRouteSource"/> backed by rtnetlink (Linux), watching this process's network namespace
    /// or the named one (<c>ip netns</c> name or a path such as <c>/proc/PID/ns/net</c>). An earlier registration
    /// (a test's fake) wins.
    /// </summary>
    public static IServiceCollection AddOwnedRouteSource(this IServiceCollection services, string? networkNamespace = null)
    {
        services.TryAddSingleton<IOwnedRouteSource>(new NetlinkOwnedRouteSource(networkNamespace));
        return services;
    }
}
