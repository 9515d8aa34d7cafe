using System.Globalization;
using System.Text.RegularExpressions;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary>
/// Datagrams too big for one packet through <c>gate64 nat64</c>, with the kernels of client6 and server4 doing the
/// fragmenting and reassembling: UDP both ways, ICMP echo, and IPv4 packets without DF that only the translator has to
/// cut (larger than 1280 bytes once IPv6).
/// </summary>
public sealed partial class Nat64FragmentTests : IClassFixture<Nat64Fixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A UDP echo on server4 whose replies never carry DF (IP_PMTUDISC_DONT), so a reply that fits its 1500-byte link
    /// in one IPv4 packet must still be split by the translator to fit 1280 bytes in IPv6.
    /// </summary>
    private const string EchoServer = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.IPPROTO_IP, getattr(socket, "IP_MTU_DISCOVER", 10), getattr(socket, "IP_PMTUDISC_DONT", 0))
        s.bind(("198.51.100.2", int(sys.argv[1])))
        print("echo ready", flush=True)
        while True:
            data, peer = s.recvfrom(65535)
            s.sendto(data, peer)
        """;

    private readonly Nat64Fixture _fixture;

    public Nat64FragmentTests(Nat64Fixture fixture)
    {
        _fixture = fixture;
    }

    private Nat64Topology Topology => _fixture.Topology;

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(4000, 7101)]
    [InlineData(20000, 7102)]
    public async Task LargeUdpDatagramCrossesIntactBothWays(int size, int port)
    {
        await using ChildProcess echo = await StartEchoAsync(port);
        string script = $$"""
            import hashlib, os, socket
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.settimeout(5)
            s.connect(("{{Nat64Topology.ServerVia64}}", {{port}}))
            data = os.urandom({{size}})
            s.send(data)
            back = s.recv(65535)
            print(len(back), hashlib.sha256(back).hexdigest() == hashlib.sha256(data).hexdigest())
            """;
        long reassembledBefore = await ClientReassembliesAsync();

        ChildProcessResult result = await Nat64Topology.PythonAsync(Topology.Client, script, s_timeout);

        Assert.True(result.StandardOutput.Trim() == $"{size} True", $"{result}\n{Topology.Nat64.Describe()}");
        // The reply came as IPv6 fragments (the client's kernel put them together), not as one packet.
        Assert.True(await ClientReassembliesAsync() > reassembledBefore, "the client reassembled nothing");
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task PingWith3000BytesCrossesBothWays()
    {
        ChildProcessResult ping = await Nat64Topology.RunAsync(Topology.Client, "ping",
            ["-6", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-s", "3000", Nat64Topology.ServerVia64], s_timeout);

        Assert.True(ping.ExitCode == 0, $"{ping}\n{Topology.Nat64.Describe()}");
        Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"3008 bytes from {Nat64Topology.ServerVia64}", ping.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Ipv4PacketWithoutDfLargerThan1280_ArrivesAsIpv6Fragments()
    {
        const int Port = 7103;
        await using ChildProcess echo = await StartEchoAsync(Port);
        // 1400 bytes of UDP data: one 1428-byte IPv4 packet on server4's link (DF clear), 1448 bytes as IPv6.
        string script = $$"""
            import socket
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.settimeout(5)
            s.connect(("{{Nat64Topology.ServerVia64}}", {{Port}}))
            s.send(b"x" * 1400)
            print(len(s.recv(65535)))
            """;
        long reassembledBefore = await ClientReassembliesAsync();

        ChildProcessResult result = await Nat64Topology.PythonAsync(Topology.Client, script, s_timeout);

        Assert.True(result.StandardOutput.Trim() == "1400", $"{result}\n{Topology.Nat64.Describe()}");
        Assert.True(await ClientReassembliesAsync() > reassembledBefore, "the reply did not come as IPv6 fragments");
    }

    private async Task<ChildProcess> StartEchoAsync(int port)
    {
        ChildProcess echo = Topology.Server.Start(TestScripts.Python(), ["-u", "-c", EchoServer, port.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            await echo.WaitForOutputAsync("echo ready", s_timeout);
            return echo;
        }
        catch
        {
            await echo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ip6ReasmOKs of client6: IPv6 datagrams its kernel put together from fragments.</summary>
    private async Task<long> ClientReassembliesAsync()
    {
        ChildProcessResult snmp = await Nat64Topology.RunAsync(Topology.Client, "cat", ["/proc/net/snmp6"], s_timeout);
        Match match = ReasmOks().Match(snmp.StandardOutput);
        Assert.True(match.Success, snmp.ToString());
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^Ip6ReasmOKs\s+(\d+)$", RegexOptions.Multiline)]
    private static partial Regex ReasmOks();
}
