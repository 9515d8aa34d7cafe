using System.Diagnostics.Metrics;
using System.Net;
using Gate64.Resolver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gate64.Tests.Resolver;

/// <summary>Builds a <see cref="DnsResolver"/> the way the host would, but with a chosen clock and upstreams.</summary>
internal static class TestResolvers
{
    private static readonly ServiceProvider s_services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public static IMeterFactory MeterFactory => s_services.GetRequiredService<IMeterFactory>();

    public static DnsResolverOptions Options(params IPEndPoint[] upstreams)
    {
        DnsResolverOptions options = new()
        {
            AttemptTimeout = TimeSpan.FromSeconds(15),  // generous: a loaded CI machine once took over 2 s on loopback; only the timeout tests want it short
            Attempts = Math.Max(2, upstreams.Length),
        };
        options.Upstreams.AddRange(upstreams);
        return options;
    }

    public static DnsResolver Create(DnsResolverOptions options, TimeProvider time) =>
        new(Microsoft.Extensions.Options.Options.Create(options), time, new ResolverMetrics(MeterFactory), NullLogger<DnsResolver>.Instance);
}
