using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Testing.Routing;
using Gate64.Testing.Run;

namespace Gate64.FunctionalTests.Run;

/// <summary>
/// <c>gate64 run</c> with <c>[bgp]</c> in the host namespace of a <see cref="BgpTopology"/>, its session
/// to BIRD (the shipped router snippet): a reload changes communities and announced prefixes on the
/// running session, and a neighbor change is refused.
/// </summary>
[Collection(RunCollection.Name)]
public sealed class RunBgpReloadTests : IDisposable
{
    private static readonly TimeSpan s_routes = TimeSpan.FromSeconds(15);
    private static readonly IpPrefix s_service = BgpTopology.ServicePrefix4;
    private static readonly IpPrefix s_workload = IpPrefix.Parse("192.0.2.77/32");

    private readonly TempDirectory _directory = TempDirectory.Create("run-bgp");

    private string ConfigPath => _directory.Combine("gate64.toml");

    [Fact(Timeout = 90_000)]
    public async Task Reload_CommunitiesAndAnnouncements_ChangeAtTheRouterWithoutResettingTheSession()
    {
        await using BgpTopology topology = await BgpTopology.StartAsync();
        BirdRouter bird = await topology.StartBirdAsync();
        WriteConfig(announce: s_service, community: "65001:100");
        await using Gate64RunProcess gateway = await Gate64RunProcess.StartAsync(topology.Host, ConfigPath);
        BirdProtocol session = Assert.Single(await bird.WaitForEstablishedAsync(1, s_routes));
        await bird.WaitForRoutesAsync(
            routes => routes.Any(route => route.Prefix == s_service && route.Communities.SequenceEqual([new BgpCommunity(65001, 100)])),
            s_routes, $"{s_service} with community 65001:100");

        WriteConfig(announce: s_service, community: "65001:200");
        IReadOnlyList<string> communities = await gateway.ReloadAsync();
        Assert.Contains(communities, line => line.Contains("new bgp.community in force", StringComparison.Ordinal));
        await bird.WaitForRoutesAsync(
            routes => routes.Any(route => route.Prefix == s_service && route.Communities.SequenceEqual([new BgpCommunity(65001, 200)])),
            s_routes, $"{s_service} with community 65001:200 after the reload");

        WriteConfig(announce: s_workload, community: "65001:200");
        IReadOnlyList<string> announce = await gateway.ReloadAsync();
        Assert.Contains(announce, line => line.Contains("new bgp.announce in force", StringComparison.Ordinal));
        IReadOnlyList<BirdRoute> after = await bird.WaitForRoutesAsync(
            routes => routes.Any(route => route.Prefix == s_workload) && routes.All(route => route.Prefix != s_service),
            s_routes, $"{s_workload} instead of {s_service}");
        Assert.Equal([new BgpCommunity(65001, 200)], Assert.Single(after, route => route.Prefix == s_workload).Communities);

        // A new neighbor would need a new session: refused, and the session stays as it is.
        WriteConfig(announce: s_workload, community: "65001:200", neighborAs: 65009);
        IReadOnlyList<string> neighbor = await gateway.ReloadAsync();
        Assert.Contains(neighbor, line => line.Contains("bgp.neighbor needs a restart", StringComparison.Ordinal));

        // One session all along: BIRD's protocol never left Established (its "since" is the same).
        BirdProtocol still = Assert.Single(await bird.ShowProtocolsAsync(), protocol => protocol.Name == session.Name);
        Assert.True(still.IsEstablished && still.Since == session.Since, $"the session was reset: {session} → {still}");
        Assert.Empty(gateway.LogLines("session down"));
        Assert.Equal(0, await gateway.StopAsync(TimeSpan.FromSeconds(15)));
    }

    public void Dispose() => _directory.Dispose();

    private void WriteConfig(IpPrefix announce, string community, uint neighborAs = BgpTopology.RouterAs) =>
        File.WriteAllText(ConfigPath, $"""
            [bgp]
            local-as = {BgpTopology.HostAs}
            router-id = "{BgpTopology.HostAddress4}"
            no-owned-routes = true
            announce = ["{announce}"]
            community = ["{community}"]

            [[bgp.neighbor]]
            address = "{BgpTopology.RouterAddress4}"
            as = {neighborAs}
            """);
}
