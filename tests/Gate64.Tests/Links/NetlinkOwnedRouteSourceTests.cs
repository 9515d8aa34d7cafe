using Gate64.Links;
using Gate64.Platform.Netlink;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.DependencyInjection;

namespace Gate64.Tests.Links;

/// <summary>
/// The enumeration contract of the rtnetlink source, in this process's own namespace: it only reads the routing
/// table (a dump needs no privilege) and changes nothing. Following changes is tested in namespaces by
/// Gate64.FunctionalTests.Links.OwnedRouteWatchTests.
/// </summary>
public class NetlinkOwnedRouteSourceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WatchAsync_YieldsTheCurrentSetFirst_AndEndsQuietlyWhenCancelled()
    {
        using CancellationTokenSource cancellation = new();
        NetlinkOwnedRouteSource source = new();
        int sets = 0;

        Task watching = Task.Run(async () =>
        {
            await foreach (IReadOnlySet<IpPrefix> routes in source.WatchAsync(cancellation.Token))
            {
                Assert.All(routes, route => Assert.True(route.Family is System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6));
                if (Interlocked.Increment(ref sets) == 1)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        await watching.WaitAsync(s_timeout);
        Assert.Equal(1, sets);
    }

    [Fact]
    public async Task WatchAsync_MissingNamespace_ThrowsWithThePath()
    {
        NetlinkOwnedRouteSource source = new("g64t-no-such-namespace");

        IOException error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (IReadOnlySet<IpPrefix> routes in source.WatchAsync(CancellationToken.None).WithCancellation(CancellationToken.None))
            {
                Assert.Fail($"a set came from a namespace that does not exist: {routes.Count} routes");
            }
        }).WaitAsync(s_timeout);

        Assert.Contains("/var/run/netns/g64t-no-such-namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOwnedRouteSource_RegistersTheNetlinkSourceUnlessOneIsThere()
    {
        ServiceCollection services = new();
        services.AddOwnedRouteSource();
        using ServiceProvider provider = services.BuildServiceProvider();

        ServiceCollection replaced = new();
        FakeRouteSource fake = new();
        replaced.AddSingleton<IOwnedRouteSource>(fake);
        replaced.AddOwnedRouteSource();
        using ServiceProvider replacedProvider = replaced.BuildServiceProvider();

        Assert.IsType<NetlinkOwnedRouteSource>(provider.GetRequiredService<IOwnedRouteSource>());
        Assert.Same(fake, replacedProvider.GetRequiredService<IOwnedRouteSource>());
    }

    private sealed class FakeRouteSource : IOwnedRouteSource
    {
        public IAsyncEnumerable<IReadOnlySet<IpPrefix>> WatchAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<IReadOnlySet<IpPrefix>>();
    }
}
