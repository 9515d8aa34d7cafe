using System.Text.Json;
using Gate64.Testing;
using Gate64.Testing.Links;

namespace Gate64.FunctionalTests.Links;

/// <summary><c>gate64 link up|down</c> on a real kernel, run inside the host namespace of a <see cref="LinkTopology"/>.</summary>
public sealed class LinkLifecycleTests : IAsyncLifetime
{
    private LinkTopology _topology = null!;

    public async Task InitializeAsync() => _topology = await LinkTopology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task UpAlreadyUpDownNotPresent_WithRoutingBothWaysInBetween()
    {
        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments());
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Equal($"link {_topology.LinkName} (netns={_topology.Workload.Name}, 2001:db8:10::10/128, 192.0.2.10/32) up\n", up.StandardOutput);

        // Host routes marked as Gate64's, through the link, in the main table.
        Assert.Equal(
            [("192.0.2.10", _topology.LinkName), ("2001:db8:10::10", _topology.LinkName)],
            await OwnedRoutesAsync());
        Assert.Equal("1", await _topology.Host.GetSysctlAsync("net.ipv4.ip_forward"));
        Assert.Equal("1", await _topology.Host.GetSysctlAsync("net.ipv6.conf.all.forwarding"));
        Assert.Equal("1", await _topology.Host.GetSysctlAsync($"net.ipv4.conf.{_topology.LinkName}.proxy_arp"));

        // The host end has no global address: only its fixed link-local one.
        string hostAddresses = await _topology.Host.IpAsync("-j", "address", "show", "dev", _topology.LinkName);
        Assert.Contains("\"local\":\"fe80::ecee:eeff:feee:eeee\"", hostAddresses, StringComparison.Ordinal);
        Assert.DoesNotContain("\"scope\":\"global\"", hostAddresses, StringComparison.Ordinal);

        // The router reaches the workload through the host, and the workload's default routes lead back.
        foreach (string address in new[] { LinkTopology.WorkloadIpv4, LinkTopology.WorkloadIpv6 })
        {
            ChildProcessResult ping = await LinkTopology.PingAsync(_topology.Router, address);
            Assert.True(ping.ExitCode == 0, ping.ToString());
        }
        foreach (string address in new[] { LinkTopology.RouterIpv4, LinkTopology.RouterIpv6 })
        {
            ChildProcessResult ping = await LinkTopology.PingAsync(_topology.Workload, address);
            Assert.True(ping.ExitCode == 0, ping.ToString());
        }

        ChildProcessResult again = await _topology.Gate64InHostAsync(_topology.UpArguments());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal($"link {_topology.LinkName} already up\n", again.StandardOutput);

        ChildProcessResult different = await _topology.Gate64InHostAsync(
            ["link", "up", _topology.LinkName, "--netns", _topology.Workload.Name, "--ipv6", LinkTopology.WorkloadIpv6, "--ipv4", "192.0.2.11"]);
        Assert.True(different.ExitCode == 1, different.ToString());
        Assert.Contains("exists but differs", different.StandardError, StringComparison.Ordinal);
        Assert.Contains($"Run 'gate64 link down {_topology.LinkName}' first.", different.StandardError, StringComparison.Ordinal);

        ChildProcessResult down = await _topology.Gate64InHostAsync(["link", "down", _topology.LinkName]);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Equal($"link {_topology.LinkName} down\n", down.StandardOutput);
        Assert.Empty(await OwnedRoutesAsync());
        Assert.NotEqual(0, (await _topology.Host.TryIpAsync("link", "show", "dev", _topology.LinkName)).ExitCode);
        Assert.NotEqual(0, (await _topology.Workload.TryIpAsync("link", "show", "dev", "eth0")).ExitCode);
        Assert.NotEqual(0, (await LinkTopology.PingAsync(_topology.Router, LinkTopology.WorkloadIpv6)).ExitCode);

        ChildProcessResult downAgain = await _topology.Gate64InHostAsync(["link", "down", _topology.LinkName]);
        Assert.True(downAgain.ExitCode == 0, downAgain.ToString());
        Assert.Equal($"link {_topology.LinkName} not present\n", downAgain.StandardOutput);
    }

    [Fact]
    public async Task ProxyArp_AnswersForTheGateway_WhenTheHostRoutesItElsewhere()
    {
        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments());
        Assert.True(up.ExitCode == 0, up.ToString());

        // Without the permanent neighbour entry the workload has to ARP for 169.254.1.1; the host end answers by
        // proxy ARP once the host routes 169.254.1.1 through another interface (here a default route).
        await _topology.Workload.IpAsync("-4", "neigh", "del", "169.254.1.1", "dev", "eth0");
        await _topology.Host.IpAsync("-4", "route", "add", "default", "via", LinkTopology.RouterIpv4);

        ChildProcessResult ping = await LinkTopology.PingAsync(_topology.Workload, LinkTopology.RouterIpv4);

        Assert.True(ping.ExitCode == 0, ping.ToString());
        string neighbours = await _topology.Workload.IpAsync("-4", "neigh", "show", "169.254.1.1", "dev", "eth0");
        Assert.Contains("lladdr ee:ee:ee:ee:ee:ee", neighbours, StringComparison.Ordinal);
        Assert.DoesNotContain("PERMANENT", neighbours, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6Only_HasOnlyTheIpv6RouteAndNoIpv4AtAll()
    {
        ChildProcessResult up = await _topology.Gate64InHostAsync(_topology.UpArguments(withIpv4: false));
        Assert.True(up.ExitCode == 0, up.ToString());

        Assert.Equal([("2001:db8:10::10", _topology.LinkName)], await OwnedRoutesAsync());
        Assert.Equal(0, (await LinkTopology.PingAsync(_topology.Router, LinkTopology.WorkloadIpv6)).ExitCode);
        Assert.Equal("[]", (await _topology.Workload.IpAsync("-j", "-4", "route", "show")).Trim());
        ChildProcessResult again = await _topology.Gate64InHostAsync(_topology.UpArguments(withIpv4: false));
        Assert.Equal($"link {_topology.LinkName} already up\n", again.StandardOutput);
    }

    [Fact]
    public async Task Down_SomebodyElsesInterface_IsLeftAlone()
    {
        string foreign = $"{NetworkNamespace.NamePrefix}{_topology.Tag}f";
        await _topology.Host.IpAsync("link", "add", foreign, "type", "veth", "peer", "name", $"{foreign}p");

        ChildProcessResult down = await _topology.Gate64InHostAsync(["link", "down", foreign]);
        ChildProcessResult up = await _topology.Gate64InHostAsync(["link", "up", foreign, "--netns", _topology.Workload.Name, "--ipv6", LinkTopology.WorkloadIpv6]);

        Assert.True(down.ExitCode == 1, down.ToString());
        Assert.Contains("not a link made by gate64", down.StandardError, StringComparison.Ordinal);
        Assert.True(up.ExitCode == 1, up.ToString());
        Assert.Equal(0, (await _topology.Host.TryIpAsync("link", "show", "dev", foreign)).ExitCode);
    }

    /// <summary>(destination, device) of every route with protocol 64 in the host's main table, IPv4 first.</summary>
    private async Task<List<(string Destination, string Device)>> OwnedRoutesAsync()
    {
        List<(string, string)> routes = [];
        foreach (string family in new[] { "-4", "-6" })
        {
            using JsonDocument document = JsonDocument.Parse(await _topology.Host.IpAsync("-j", family, "route", "show", "table", "main"));
            foreach (JsonElement route in document.RootElement.EnumerateArray())
            {
                if (route.TryGetProperty("protocol", out JsonElement protocol) && protocol.GetString() == "64")
                {
                    routes.Add((route.GetProperty("dst").GetString()!, route.GetProperty("dev").GetString()!));
                }
            }
        }
        return routes;
    }
}
