using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary>
/// End-to-end cases that need their own gate64 (one pool address, <c>--quota 5</c>, a 1280-byte hop): Packet Too
/// Big, many clients behind one IPv4 address, hairpinning, the quota, and garbage from a client during a transfer.
/// Every test uses client6 addresses of its own (added without DAD) so the quota of one cannot disturb another.
/// </summary>
public sealed class Nat64SinglePoolAddressTests : IClassFixture<Nat64SinglePoolAddressFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(25);

    private readonly Nat64SinglePoolAddressFixture _fixture;

    public Nat64SinglePoolAddressTests(Nat64SinglePoolAddressFixture fixture)
    {
        _fixture = fixture;
    }

    private Nat64Topology Topology => _fixture.Topology;

    private string Url(string file) => $"http://[{Nat64Topology.ServerVia64}]:{Nat64Topology.HttpPort}/{file}";

    /// <summary>Adds <paramref name="addresses"/> (/128, no DAD) to client6's link, in one <c>ip -batch</c>.</summary>
    private async Task AddClientAddressesAsync(IEnumerable<string> addresses)
    {
        string batch = Path.Combine(Topology.DirectoryPath, $"addresses-{Guid.NewGuid():N}.batch");
        await File.WriteAllLinesAsync(batch, addresses.Select(a => $"addr add {a}/128 dev {Topology.ClientLink.FirstName} nodad"));
        await Topology.Client.IpAsync("-6", "-batch", batch);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task ADownloadCompletesThroughPacketTooBig()
    {
        // client6's MSS (1500-byte link) lets server4 send 1480-byte IPv4 segments with DF; translated they are
        // 1500-byte IPv6 packets that the gateway cannot forward onto its 1280-byte link. Its ICMPv6 Packet Too Big
        // goes back into the TUN, gate64 turns it into ICMPv4 Fragmentation Needed (MTU 1260), server4 lowers its
        // path MTU and the download completes.
        string output = Path.Combine(Topology.DirectoryPath, $"download-{Guid.NewGuid():N}.bin");
        ChildProcessResult curl = await Nat64Topology.RunAsync(Topology.Client, "curl",
            ["-sS", "--max-time", "20", "--interface", "2001:db8:1::2", "-o", output, "-w", "%{http_code} %{size_download}", Url(Nat64SinglePoolAddressFixture.OneMegabyteFile)], s_timeout);

        Assert.True(curl.ExitCode == 0, $"{curl}\n{Topology.Nat64.Describe()}");
        Assert.Equal($"200 {1 << 20}", curl.StandardOutput.Trim());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Topology.DirectoryPath, "www", Nat64SinglePoolAddressFixture.OneMegabyteFile)), await File.ReadAllBytesAsync(output));
        string route = await Topology.Server.IpAsync("-4", "route", "get", Nat64SinglePoolAddressFixture.PoolAddress);
        Assert.Contains("mtu 1260", route, StringComparison.Ordinal);   // the translated Fragmentation Needed arrived
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task TwoHundredClientsShareTheOnePoolAddress()
    {
        string[] sources = [.. Enumerable.Range(1, 200).Select(i => $"2001:db8:1::2:{i:x}")];
        await AddClientAddressesAsync(sources);
        string script = $$"""
            import select, socket, time
            sources = [{{string.Join(", ", sources.Select(s => $"\"{s}\""))}}]
            socks = {}
            for src in sources:
                s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                s.bind((src, 0))
                s.connect(("{{Nat64Topology.ServerVia64}}", {{Nat64SinglePoolAddressFixture.EchoPort}}))
                socks[s] = src
            answers = {}
            deadline = time.monotonic() + 15
            while len(answers) < len(sources) and time.monotonic() < deadline:
                for s, src in socks.items():
                    if src not in answers:
                        s.send(b"hello from " + src.encode())
                end = time.monotonic() + 1
                while len(answers) < len(sources) and time.monotonic() < end:
                    ready, _, _ = select.select([s for s, src in socks.items() if src not in answers], [], [], max(0, end - time.monotonic()))
                    for s in ready:
                        answers[socks[s]] = s.recv(100).decode().split()[0]
            print("answered", len(answers))
            print("addresses", " ".join(sorted(set(answers.values()))))
            """;

        ChildProcessResult result = await Nat64Topology.PythonAsync(Topology.Client, script, s_timeout);

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Contains("answered 200\n", StringComparison.Ordinal), $"{result}\n{Topology.Nat64.Describe()}");
        Assert.Contains($"addresses {Nat64SinglePoolAddressFixture.PoolAddress}\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task TwoClientsReachEachOtherThroughTheirPoolAddresses()
    {
        // A learns its mapping from server4's echo, then B sends to A's pool address and port inside the prefix:
        // 6 -> 4 -> 6 through gate64, and A's answer goes the same way back to B's mapping.
        await AddClientAddressesAsync(["2001:db8:1::a", "2001:db8:1::b"]);
        string script = $$"""
            import ipaddress, socket
            def udp(src):
                s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                s.bind((src, 0))
                s.settimeout(5)
                return s
            def via64(ip4):
                return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address("2001:db8:64::")) | int(ipaddress.IPv4Address(ip4))))
            a, b = udp("2001:db8:1::a"), udp("2001:db8:1::b")
            a.sendto(b"who am I", ("{{Nat64Topology.ServerVia64}}", {{Nat64SinglePoolAddressFixture.EchoPort}}))
            ip4, port = a.recvfrom(100)[0].decode().split()
            target = (via64(ip4), int(port))
            b.sendto(b"hello A", target)
            data, peer = a.recvfrom(100)
            print("A got", data.decode(), "from", peer[0])
            a.sendto(b"hello B", peer[:2])
            data, peer = b.recvfrom(100)
            print("B got", data.decode(), "from", peer[0], peer[1] == target[1])
            """;

        ChildProcessResult result = await Nat64Topology.PythonAsync(Topology.Client, script, s_timeout);

        Assert.True(result.ExitCode == 0, $"{result}\n{Topology.Nat64.Describe()}");
        string via64 = Nat64SinglePoolAddressFixture.PoolAddressVia64;
        Assert.Contains($"A got hello A from {via64}\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"B got hello B from {via64} True\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task ASixthFlowBeyondTheQuotaIsRefusedWhileTheFirstFiveWork()
    {
        await AddClientAddressesAsync(["2001:db8:1::5"]);
        string script = $$"""
            import socket
            socks = []
            for i in range({{Nat64SinglePoolAddressFixture.Quota + 1}}):
                s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                s.bind(("2001:db8:1::5", 0))
                s.settimeout(3)
                s.connect(("{{Nat64Topology.ServerVia64}}", {{Nat64SinglePoolAddressFixture.EchoPort}}))
                socks.append(s)
            for i, s in enumerate(socks):
                s.send(b"flow %d" % i)
                try:
                    s.recv(100)
                    print(i, "answered")
                except socket.timeout:
                    print(i, "timeout")
                except OSError as e:
                    print(i, "error", e.errno)
            for i, s in enumerate(socks[:-1]):
                s.send(b"again %d" % i)
                s.recv(100)
                print(i, "still answered")
            """;

        ChildProcessResult result = await Nat64Topology.PythonAsync(Topology.Client, script, s_timeout);

        Assert.True(result.ExitCode == 0, $"{result}\n{Topology.Nat64.Describe()}");
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < Nat64SinglePoolAddressFixture.Quota; i++)
        {
            Assert.Contains($"{i} answered", lines);
            Assert.Contains($"{i} still answered", lines);
        }
        // No answer for the sixth: gate64 answers it with ICMPv6 Address Unreachable, which Linux does not report on
        // a UDP socket without IPV6_RECVERR (not a fatal error), so the socket sees a timeout (or, elsewhere, an error).
        Assert.DoesNotContain($"{Nat64SinglePoolAddressFixture.Quota} answered", lines);
        Assert.Contains(lines, l => l == $"{Nat64SinglePoolAddressFixture.Quota} timeout" || l.StartsWith($"{Nat64SinglePoolAddressFixture.Quota} error", StringComparison.Ordinal));
    }
}
