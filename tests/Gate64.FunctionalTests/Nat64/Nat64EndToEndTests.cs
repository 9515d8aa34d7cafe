using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary>Real ping, curl, dig and sockets from an IPv6-only namespace to an IPv4-only server through <c>gate64 nat64</c>.</summary>
public sealed class Nat64EndToEndTests : IClassFixture<Nat64Fixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private readonly Nat64Fixture _fixture;

    public Nat64EndToEndTests(Nat64Fixture fixture)
    {
        _fixture = fixture;
    }

    private Nat64Topology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task PingReachesTheIpv4Server()
    {
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Client, "ping", ["-6", "-n", "-c", "3", "-i", "0.2", "-W", "2", Nat64Topology.ServerVia64], s_timeout);

        Assert.True(ping.ExitCode == 0, $"{ping}\n{Topology.Nat64.Describe()}");
        Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"from {Nat64Topology.ServerVia64}", ping.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task CurlFetchesAPageOverTcp()
    {
        ChildProcessResult curl = await Nat64Topology.RunAsync(Topology.Client, "curl",
            ["-sS", "--max-time", "10", "-w", "\n%{http_code}\n", $"http://[{Nat64Topology.ServerVia64}]:{Nat64Topology.HttpPort}/index.html"], s_timeout);

        Assert.True(curl.ExitCode == 0, $"{curl}\n{Topology.Nat64.Describe()}");
        Assert.Equal(Nat64Topology.IndexBody + "\n200\n", curl.StandardOutput);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DigGetsAnAnswerOverUdpAndTcp(bool tcp)
    {
        Dig dig = new(new IPEndPoint(IPAddress.Parse(Nat64Topology.ServerVia64), 53), Topology.Client);

        DigResult result = await dig.QueryAsync(Nat64Topology.ServerName, "A", DigOptions.For(tcp));

        Assert.True(result.Status == "NOERROR", $"{result}\n{Topology.Nat64.Describe()}");
        Assert.Equal(IPAddress.Parse(Nat64Topology.ServerNameAddress), Assert.Single(result.AnswersOfType("A")).Address);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task UdpToAClosedPortIsRefusedByATranslatedPortUnreachable()
    {
        // server4's kernel answers ICMPv4 port unreachable; gate64 translates it (with the quoted packet) into
        // ICMPv6 port unreachable, which the client's kernel turns into ECONNREFUSED.
        string script = $$"""
            import socket
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.settimeout(5)
            s.connect(("{{Nat64Topology.ServerVia64}}", 9))
            s.send(b"anyone there?")
            try:
                s.recv(100)
                print("answered")
            except ConnectionRefusedError:
                print("refused")
            except socket.timeout:
                print("timeout")
            """;

        ChildProcessResult result = await Nat64Topology.PythonAsync(Topology.Client, script, s_timeout);

        Assert.True(result.StandardOutput.Trim() == "refused", $"{result}\n{Topology.Nat64.Describe()}");
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task HopLimitExpiringInTheTranslatorGetsTimeExceededFromTheTranslatorsAddress()
    {
        // Hop limit 2: the gateway's kernel forwards into the TUN with 1 left, the translator may not forward it.
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Client, "ping", ["-6", "-n", "-c", "1", "-W", "2", "-t", "2", Nat64Topology.ServerVia64], s_timeout);

        Assert.NotEqual(0, ping.ExitCode);
        Assert.Contains($"From {Nat64Topology.TranslatorAddress}", ping.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Time exceeded", ping.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task HopLimitExpiringOnTheIpv4SideGetsTheTranslatedTimeExceeded()
    {
        // Hop limit 3: translated with TTL 1, the gateway's kernel drops it and answers ICMPv4 Time Exceeded to
        // the pool address, which gate64 translates back (TAYGA with MASQUERADE loses this one).
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Client, "ping", ["-6", "-n", "-c", "1", "-W", "2", "-t", "3", Nat64Topology.ServerVia64], s_timeout);

        Assert.NotEqual(0, ping.ExitCode);
        Assert.Contains("From 2001:db8:64::c633:6401", ping.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Time exceeded", ping.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task AClientOutsideTheAllowListGetsNothing()
    {
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Outsider, "ping", ["-6", "-n", "-c", "2", "-i", "0.2", "-W", "1", Nat64Topology.ServerVia64], s_timeout);
        ChildProcessResult curl = await Nat64Topology.RunAsync(Topology.Outsider, "curl",
            ["-sS", "--max-time", "2", $"http://[{Nat64Topology.ServerVia64}]:{Nat64Topology.HttpPort}/"], s_timeout);

        Assert.NotEqual(0, ping.ExitCode);
        Assert.Contains("0 received", ping.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("From ", ping.StandardOutput, StringComparison.Ordinal);   // silently dropped: no error either
        Assert.Equal(28, curl.ExitCode);   // timed out, not refused
        Assert.DoesNotContain("2001:db8:2::2", Topology.Nat64.Output, StringComparison.Ordinal);   // no binding was logged for it
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task BindingsAreLogged()
    {
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Client, "ping", ["-6", "-n", "-c", "1", "-W", "2", Nat64Topology.ServerVia64], s_timeout);
        Assert.Equal(0, ping.ExitCode);

        await Topology.Nat64.WaitForOutputAsync("NAT64 binding created: Icmp [2001:db8:1::2]", TimeSpan.FromSeconds(5));
    }
}
