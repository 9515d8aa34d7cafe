using System.Globalization;
using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Namespaces;

public sealed class NetworkNamespaceTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task CreateAsync_MakesAnIsolatedPrefixedNamespace_DisposeRemovesIt()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync("selftest");
        try
        {
            Assert.StartsWith(NetworkNamespace.NamePrefix, ns.Name, StringComparison.Ordinal);
            Assert.EndsWith("-selftest", ns.Name, StringComparison.Ordinal);
            Assert.Contains(ns.Name, await NetworkNamespace.ListAsync());

            string links = await ns.IpAsync("-o", "link", "show");
            string link = Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(": lo:", link, StringComparison.Ordinal);
            Assert.Contains("UP", link, StringComparison.Ordinal);
            Assert.Equal("", (await ns.IpAsync("-4", "route", "show")).Trim());
            Assert.DoesNotContain("default", await ns.IpAsync("-6", "route", "show"), StringComparison.Ordinal);
        }
        finally
        {
            await ns.DisposeAsync();
        }

        Assert.DoesNotContain(ns.Name, await NetworkNamespace.ListAsync());
        Assert.False(await ns.ExistsAsync());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task CreateAsync_NamesAreUniqueForTheSameRole()
    {
        await using NetworkNamespace first = await NetworkNamespace.CreateAsync("twin");
        await using NetworkNamespace second = await NetworkNamespace.CreateAsync("twin");

        Assert.NotEqual(first.Name, second.Name);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task VethLink_ConnectsTwoNamespaces_NothingIsLeftInTheHostOrAfterDispose()
    {
        NetworkNamespace left = await NetworkNamespace.CreateAsync("left");
        NetworkNamespace? right = null;
        VethLink? link = null;
        try
        {
            right = await NetworkNamespace.CreateAsync("right");
            link = await VethLink.CreateAsync(left, ["192.0.2.1/24", "2001:db8:64:1::1/64"], right, ["192.0.2.2/24", "2001:db8:64:1::2/64"]);

            Assert.StartsWith(NetworkNamespace.NamePrefix, link.FirstName, StringComparison.Ordinal);
            Assert.True(link.FirstName.Length <= 15 && link.SecondName.Length <= 15, link.ToString());
            Assert.Contains("192.0.2.1/24", await left.IpAsync("-o", "address", "show", "dev", link.FirstName), StringComparison.Ordinal);
            Assert.Contains("2001:db8:64:1::2/64", await right.IpAsync("-o", "address", "show", "dev", link.SecondName), StringComparison.Ordinal);
            IReadOnlyList<string> hostNames = await HostInterfaces.NamesAsync();
            Assert.DoesNotContain(link.FirstName, hostNames);
            Assert.DoesNotContain(link.SecondName, hostNames);

            await AssertReachableAsync(left, right, IPAddress.Parse("192.0.2.2"));
            await AssertReachableAsync(left, right, IPAddress.Parse("2001:db8:64:1::2"));
        }
        finally
        {
            if (link is not null)
            {
                await link.DisposeAsync();
            }

            if (right is not null)
            {
                await right.DisposeAsync();
            }

            await left.DisposeAsync();
        }

        IReadOnlyList<string> namespaces = await NetworkNamespace.ListAsync();
        Assert.DoesNotContain(left.Name, namespaces);
        Assert.DoesNotContain(right.Name, namespaces);
        IReadOnlyList<string> veths = await HostInterfaces.NamesAsync("veth");
        Assert.DoesNotContain(link.FirstName, veths);
        Assert.DoesNotContain(link.SecondName, veths);
        Assert.DoesNotContain(link.FirstName, await HostInterfaces.NamesAsync());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task VethLink_DisposeDeletesBothEnds()
    {
        await using NetworkNamespace left = await NetworkNamespace.CreateAsync("vleft");
        await using NetworkNamespace right = await NetworkNamespace.CreateAsync("vright");
        VethLink link = await VethLink.CreateAsync(left, ["198.51.100.10/24"], right, ["198.51.100.11/24"]);

        await link.DisposeAsync();

        Assert.NotEqual(0, (await left.TryIpAsync("link", "show", "dev", link.FirstName)).ExitCode);
        Assert.NotEqual(0, (await right.TryIpAsync("link", "show", "dev", link.SecondName)).ExitCode);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task DisposeAsync_KillsProcessesStartedInside_AndDaemonsTheyLeftBehind()
    {
        NetworkNamespace ns = await NetworkNamespace.CreateAsync("procs");
        int daemon;
        ChildProcess sleeper;
        try
        {
            sleeper = ns.Start(RequiredTool.Find("sleep"), ["300"]);
            // A process that detaches a grandchild and exits: only `ip netns pids` still knows about it.
            ChildProcessResult detach = await ns.RunAsync(
                RequiredTool.Find("sh"), ["-c", "setsid sleep 301 </dev/null >/dev/null 2>&1 & echo $!"], s_timeout);
            daemon = int.Parse(detach.StandardOutput.Trim(), CultureInfo.InvariantCulture);

            IReadOnlyList<int> inside = await ns.ProcessIdsAsync();
            Assert.Contains(sleeper.Id, inside);
            Assert.Contains(daemon, inside);
        }
        finally
        {
            await ns.DisposeAsync();
        }

        Assert.True(sleeper.HasExited);
        Assert.False(Directory.Exists($"/proc/{daemon}") && IsSleep301(daemon), $"pid {daemon} survived the namespace");
        Assert.DoesNotContain(ns.Name, await NetworkNamespace.ListAsync());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Sysctl_IsPerNamespace()
    {
        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync("sysctl");

        await ns.SetSysctlAsync("net.ipv6.conf.all.forwarding", "1");

        Assert.Equal("1", await ns.GetSysctlAsync("net.ipv6.conf.all.forwarding"));
        await ns.SetSysctlAsync("net.ipv6.conf.all.forwarding", "0");
        Assert.Equal("0", await ns.GetSysctlAsync("net.ipv6.conf.all.forwarding"));
    }

    private static bool IsSleep301(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("301", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task AssertReachableAsync(NetworkNamespace client, NetworkNamespace server, IPAddress address)
    {
        string python = TestScripts.Python();
        string family = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "AF_INET6" : "AF_INET";
        await using ChildProcess listener = server.Start(
            python,
            ["-c", $"import socket\ns=socket.socket(socket.{family})\ns.bind(('{address}',7007))\ns.listen()\nprint('ready',flush=True)\nc,_=s.accept()\nc.sendall(b'hello from '+c.getsockname()[0].encode())\nc.close()"]);
        await listener.WaitForOutputAsync("ready", s_timeout);

        ChildProcessResult result = await client.RunAsync(
            python,
            ["-c", $"import socket\ns=socket.create_connection(('{address}',7007),5)\nprint(s.recv(100).decode())"],
            s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"hello from {address}", result.StandardOutput.Trim());
    }
}
