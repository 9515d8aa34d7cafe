using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary><c>gate64 nat64</c> start-up and shutdown: the TUN interface and its routes come and go with the process; bad flags exit 2.</summary>
public sealed class Nat64LifecycleTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task SigtermRemovesTheTunInterfaceAndItsRoutes()
    {
        string tag = NetworkNamespace.NewTag();
        string tun = $"{NetworkNamespace.NamePrefix}{tag}n";
        await using NetworkNamespace gateway = await NetworkNamespace.CreateAsync("gateway", tag);
        ChildProcess nat64 = Gate64Executable.Locate().Start(gateway,
            ["nat64", "--tun", tun, "--prefix", "2001:db8:64::/96", "--pool4", "203.0.113.0/30", "--mtu", "1400", "--tun-queue-length", "3000"]);
        await nat64.WaitForOutputAsync("NAT64 running on", s_timeout);

        string link = await gateway.IpAsync("link", "show", "dev", tun);
        Assert.Contains("mtu 1400", link, StringComparison.Ordinal);
        Assert.Contains("qlen 3000", link, StringComparison.Ordinal);
        Assert.Contains(",UP", link, StringComparison.Ordinal);
        Assert.Contains($"2001:db8:64::/96 dev {tun}", await gateway.IpAsync("-6", "route"), StringComparison.Ordinal);
        Assert.Contains($"203.0.113.0/30 dev {tun}", await gateway.IpAsync("-4", "route"), StringComparison.Ordinal);
        Assert.Contains("no --allow prefix", nat64.Output, StringComparison.Ordinal);

        ChildProcessResult kill = await ChildProcess.RunAsync(RequiredTool.Find("kill"), ["-TERM", nat64.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], s_timeout);
        Assert.Equal(0, kill.ExitCode);
        int exitCode = await nat64.WaitForExitAsync(s_timeout);

        Assert.True(exitCode == 0, nat64.Describe());
        Assert.Contains("NAT64 stopped", nat64.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, (await gateway.TryIpAsync("link", "show", "dev", tun)).ExitCode);
        Assert.DoesNotContain("2001:db8:64::/96", await gateway.IpAsync("-6", "route"), StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.0/30", await gateway.IpAsync("-4", "route"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task NoRoutesLeavesRoutingToTheOperator()
    {
        string tag = NetworkNamespace.NewTag();
        string tun = $"{NetworkNamespace.NamePrefix}{tag}n";
        await using NetworkNamespace gateway = await NetworkNamespace.CreateAsync("gateway", tag);
        await using ChildProcess nat64 = Gate64Executable.Locate().Start(gateway,
            ["nat64", "--tun", tun, "--prefix", "2001:db8:64::/96", "--pool4", "203.0.113.0/30", "--no-routes", "--queues", "2", "--allow", "2001:db8:1::/64"]);
        await nat64.WaitForOutputAsync("NAT64 running on", s_timeout);

        Assert.Contains("2 queue(s)", nat64.Output, StringComparison.Ordinal);
        Assert.Contains("qlen 2048", await gateway.IpAsync("link", "show", "dev", tun), StringComparison.Ordinal);   // the default
        Assert.Contains("multi_queue", await gateway.IpAsync("-d", "link", "show", "dev", tun), StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:64::/96", await gateway.IpAsync("-6", "route"), StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.0/30", await gateway.IpAsync("-4", "route"), StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData("--pool4 2001:db8::/64", "not an IPv4 prefix")]
    [InlineData("--pool4 10.0.0.0/8", "larger than a /16")]
    [InlineData("--pool4 203.0.113.0/30 --allow 198.51.100.0/24", "not an IPv6 prefix")]
    [InlineData("--pool4 203.0.113.0/30 --prefix 2001:db8:64::/95", "RFC 6052")]
    [InlineData("--pool4 203.0.113.0/30 --queues 0", "--queues")]
    [InlineData("--pool4 203.0.113.0/30 --mtu 1000", "--mtu")]
    [InlineData("--pool4 203.0.113.0/30 --tun-queue-length 63", "--tun-queue-length")]
    [InlineData("--pool4 203.0.113.0/30 --tun-queue-length 65537", "--tun-queue-length")]
    [InlineData("--pool4 203.0.113.0/30 --prefix 2001:db8:64::/96 --allow 2001:db8:64::/96", "overlaps the NAT64 prefix")]
    public async Task BadFlagsExitWithUsageError(string flags, string message)
    {
        // In a namespace of its own all the same: should a bad flag slip through, the TUN and routes stay in there.
        string tag = NetworkNamespace.NewTag();
        await using NetworkNamespace gateway = await NetworkNamespace.CreateAsync("gateway", tag);
        await using ChildProcess nat64 = Gate64Executable.Locate().Start(gateway, ["nat64", "--tun", $"{NetworkNamespace.NamePrefix}{tag}n", .. flags.Split(' ')]);
        int exitCode = await nat64.WaitForExitAsync(TestTimeouts.CommandLine);
        ChildProcessResult result = new(nat64.CommandLine, exitCode, nat64.StandardOutput, nat64.StandardError);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }
}
