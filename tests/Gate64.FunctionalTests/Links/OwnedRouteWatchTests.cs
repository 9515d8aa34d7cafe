using System.Diagnostics;
using System.Globalization;
using Gate64.Testing;
using Gate64.Testing.Links;

namespace Gate64.FunctionalTests.Links;

/// <summary>
/// The kernel route watcher (rtnetlink) that feeds the BGP speaker, watching the host namespace of a
/// <see cref="LinkTopology"/> through <c>gate64 link routes --watch --netns HOST</c>.
/// </summary>
public sealed class OwnedRouteWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_followTime = TimeSpan.FromSeconds(1);

    private LinkTopology _topology = null!;

    public async Task InitializeAsync() => _topology = await LinkTopology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task LinkUpAndDown_AreFollowedWithinASecond_OtherRoutesNever()
    {
        string device = _topology.Uplink.SecondName;
        await using OwnedRouteWatch watch = await OwnedRouteWatch.StartAsync(_topology.Host, s_startTimeout);
        Assert.Empty(watch.Sets[0]);

        // Not ours: other protocols, and protocol 64 outside the main table.
        await _topology.Host.IpAsync("-4", "route", "add", "203.0.113.0/24", "dev", device, "proto", "static");
        await _topology.Host.IpAsync("-6", "route", "add", "2001:db8:ffff:1::/64", "dev", device, "proto", "boot");
        await _topology.Host.IpAsync("-4", "route", "add", "198.51.100.64/32", "dev", device, "proto", "64", "table", "100");

        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments());
        long upDone = Stopwatch.GetTimestamp();
        Assert.True(up.ExitCode == 0, up.ToString());
        (IReadOnlySet<string> linked, long linkedAt) = await watch.NextSetAsync(routes => routes.Count == 2, s_followTime + s_followTime);
        Assert.Equal(["192.0.2.10/32", "2001:db8:10::10/128"], linked.Order(StringComparer.Ordinal));
        AssertWithin(upDone, linkedAt);

        long added = Stopwatch.GetTimestamp();
        await _topology.Host.IpAsync("-4", "route", "add", "198.51.100.77/32", "dev", device, "proto", "64");
        (_, long addedAt) = await watch.NextSetAsync(routes => routes.Contains("198.51.100.77/32"), s_followTime + s_followTime);
        AssertWithin(added, addedAt);

        long deleted = Stopwatch.GetTimestamp();
        await _topology.Host.IpAsync("-4", "route", "del", "198.51.100.77/32", "dev", device, "proto", "64");
        (IReadOnlySet<string> afterDelete, long deletedAt) = await watch.NextSetAsync(routes => !routes.Contains("198.51.100.77/32"), s_followTime + s_followTime);
        AssertWithin(deleted, deletedAt);
        Assert.Equal(2, afterDelete.Count);

        // The IPv4 host route goes with the interface, without an RTM_DELROUTE: the link event must be enough.
        ChildProcessResult down = await _topology.Gate64InHostAsync(["link", "down", _topology.LinkName]);
        long downDone = Stopwatch.GetTimestamp();
        Assert.True(down.ExitCode == 0, down.ToString());
        (_, long emptyAt) = await watch.NextSetAsync(routes => routes.Count == 0, s_followTime + s_followTime);
        AssertWithin(downDone, emptyAt);

        Assert.All(watch.Sets.SelectMany(routes => routes), route =>
            Assert.DoesNotContain(route, (string[])["203.0.113.0/24", "2001:db8:ffff:1::/64", "198.51.100.64/32"]));
    }

    [Fact]
    public async Task AThousandRoutesFromOneBatch_AreAllReported()
    {
        string device = _topology.Uplink.SecondName;
        await using OwnedRouteWatch watch = await OwnedRouteWatch.StartAsync(_topology.Host, s_startTimeout);
        using TempDirectory directory = TempDirectory.Create("route-batch");
        string[] prefixes = [.. Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"10.64.{i / 250}.{(i % 250) + 1}/32"))];
        string add = directory.Combine("add");
        string delete = directory.Combine("delete");
        await File.WriteAllLinesAsync(add, prefixes.Select(prefix => $"route add {prefix} dev {device} proto 64"));
        await File.WriteAllLinesAsync(delete, prefixes.Select(prefix => $"route del {prefix} dev {device} proto 64"));

        long added = Stopwatch.GetTimestamp();
        await _topology.Host.IpAsync("-batch", add);
        (IReadOnlySet<string> all, long allAt) = await watch.NextSetAsync(routes => routes.Count == prefixes.Length, TimeSpan.FromSeconds(10));

        Assert.True(all.SetEquals(prefixes));
        AssertWithin(added, allAt, TimeSpan.FromSeconds(2));

        await _topology.Host.IpAsync("-batch", delete);
        await watch.NextSetAsync(routes => routes.Count == 0, TimeSpan.FromSeconds(10));
        // Bursts are coalesced: far fewer sets than changes.
        Assert.InRange(watch.Sets.Count, 3, 100);
    }

    [Fact]
    public async Task MissingNamespace_IsAClearError()
    {
        string missing = $"{NetworkNamespace.NamePrefix}{_topology.Tag}-missing";

        ChildProcessResult result = await Gate64Executable.Locate().RunAsync(["link", "routes", "--netns", missing], s_startTimeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot open network namespace /var/run/netns/{missing}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutWatch_PrintsTheSetOnceAndExits()
    {
        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments());
        Assert.True(up.ExitCode == 0, up.ToString());

        ChildProcessResult result = await Gate64Executable.Locate().RunAsync(["link", "routes", "--netns", _topology.Host.Name], s_startTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("192.0.2.10/32\n2001:db8:10::10/128\n", result.StandardOutput);
    }

    private static void AssertWithin(long from, long seenAt, TimeSpan? limit = null)
    {
        TimeSpan elapsed = Stopwatch.GetElapsedTime(from, seenAt);
        TimeSpan most = limit ?? s_followTime;
        Assert.True(elapsed <= most, $"the change was reported after {elapsed.TotalMilliseconds:0} ms (at most {most.TotalMilliseconds:0} ms)");
    }
}
