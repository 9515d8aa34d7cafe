using Gate64.Testing;
using Gate64.Testing.Links;

namespace Gate64.FunctionalTests.Links;

/// <summary>A <c>gate64 link up</c> that fails part-way leaves nothing of itself behind.</summary>
public sealed class LinkRollbackTests : IAsyncLifetime
{
    private LinkTopology _topology = null!;

    public async Task InitializeAsync() => _topology = await LinkTopology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task HostRouteTakenBySomebodyElse_FailsAtThatStepAndRollsEverythingBack()
    {
        // Another owner's route to the workload's /32: the link's own IPv4 host route (after the veth, addresses,
        // workload routes and the IPv6 host route) cannot be added.
        await _topology.Host.IpAsync("-4", "route", "add", "blackhole", $"{LinkTopology.WorkloadIpv4}/32");

        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments());

        Assert.True(up.ExitCode == 1, up.ToString());
        Assert.Contains($"`ip -4 route add 192.0.2.10/32 dev {_topology.LinkName} proto 64` failed: RTNETLINK answers: File exists", up.StandardError, StringComparison.Ordinal);
        Assert.Contains("everything done before it was undone", up.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, (await _topology.Host.TryIpAsync("link", "show", "dev", _topology.LinkName)).ExitCode);
        Assert.NotEqual(0, (await _topology.Workload.TryIpAsync("link", "show", "dev", "eth0")).ExitCode);
        Assert.DoesNotContain("proto 64", await _topology.Host.IpAsync("-6", "route", "show"), StringComparison.Ordinal);
        Assert.Contains("blackhole 192.0.2.10", await _topology.Host.IpAsync("-4", "route", "show"), StringComparison.Ordinal);

        // Once the other route is gone the same command works: nothing half-made stands in the way.
        await _topology.Host.IpAsync("-4", "route", "del", "blackhole", $"{LinkTopology.WorkloadIpv4}/32");
        ChildProcessResult retry = await _topology.Gate64InHostAsync(_topology.UpArguments());
        Assert.True(retry.ExitCode == 0, retry.ToString());
    }

    [Fact]
    public async Task WorkloadAlreadyHasAnEth0_FailsAtTheFirstStepAndMakesNothing()
    {
        await _topology.Workload.IpAsync("link", "add", "eth0", "type", "veth", "peer", "name", "eth1");

        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments());

        Assert.True(up.ExitCode == 1, up.ToString());
        Assert.Contains($"`ip link add {_topology.LinkName}", up.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, (await _topology.Host.TryIpAsync("link", "show", "dev", _topology.LinkName)).ExitCode);
        Assert.DoesNotContain("proto 64", await _topology.Host.IpAsync("route", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoSuchNamespace_FailsWithTheReason()
    {
        ChildProcessResult up = await _topology.Gate64InHostAsync(
            ["link", "up", _topology.LinkName, "--netns", $"{NetworkNamespace.NamePrefix}{_topology.Tag}-missing", "--ipv6", LinkTopology.WorkloadIpv6]);

        Assert.True(up.ExitCode == 1, up.ToString());
        Assert.Contains("netns", up.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, (await _topology.Host.TryIpAsync("link", "show", "dev", _topology.LinkName)).ExitCode);
    }
}
