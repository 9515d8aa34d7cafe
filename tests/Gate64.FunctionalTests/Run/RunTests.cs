using Gate64.Testing;
using Gate64.Testing.Run;

namespace Gate64.FunctionalTests.Run;

/// <summary>
/// <c>gate64 run</c> with DNS64, the ingress and NAT64 in one process, driven by real clients (dig,
/// curl) in namespaces, and reloaded with SIGHUP while traffic flows.
/// </summary>
[Collection(RunCollection.Name)]
public sealed class RunTests : IClassFixture<RunFixture>
{
    /// <summary>Bytes per second the web servers send the long downloads at: the 4 MiB file takes 16 s.</summary>
    public const long DownloadRate = 256L << 10;

    private const string MetricsListen = "127.0.0.1:9164";

    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_stop = TimeSpan.FromSeconds(20);

    private readonly RunFixture _fixture;

    public RunTests(RunFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary>
    /// One DNS-over-TCP connection (RFC 7766 framing) to ARGV[1]:53: asks www4.test AAAA, waits
    /// until the file ARGV[2] exists, asks again on the same connection; prints each answer's RCODE
    /// and answer count.
    /// </summary>
    private const string DnsTcpClient = """
        import os, socket, struct, sys, time
        address, marker = sys.argv[1], sys.argv[2]
        def receive(sock, count):
            data = b""
            while len(data) < count:
                chunk = sock.recv(count - len(data))
                if not chunk:
                    sys.exit("the server closed the connection")
                data += chunk
            return data
        def ask(sock, query_id):
            name = b"".join(bytes([len(label)]) + label for label in b"www4.test".split(b".")) + b"\0"
            message = struct.pack(">HHHHHH", query_id, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 28, 1)
            sock.sendall(struct.pack(">H", len(message)) + message)
            answer = receive(sock, struct.unpack(">H", receive(sock, 2))[0])
            assert answer[:2] == struct.pack(">H", query_id)
            return answer[3] & 0x0F, struct.unpack(">H", answer[6:8])[0]
        sock = socket.create_connection((address, 53), timeout=5)
        print("first rcode %d answers %d" % ask(sock, 1), flush=True)
        deadline = time.time() + 8
        while not os.path.exists(marker):
            if time.time() > deadline:
                sys.exit("no reload")
            time.sleep(0.05)
        print("second rcode %d answers %d" % ask(sock, 2), flush=True)
        """;

    private RunTopology Topology => _fixture.Topology;

    [Fact(Timeout = 60_000)]
    public async Task Run_Dns64IngressAndNat64InOneProcess_AnswerRealClients_AndTheMetricsShowThatTraffic()
    {
        Topology.WriteConfig(permit: [RunTopology.SitePrefix], nat64Allow: [RunTopology.WorkloadPrefix], extra: $"[metrics]\nlisten = \"{MetricsListen}\"");
        await using Gate64RunProcess gateway = await Gate64RunProcess.StartAsync(Topology.Gateway, Topology.ConfigPath);

        // DNS64: the IPv6-only workload asks for an IPv4-only name and gets an address in the NAT64 prefix.
        ChildProcessResult dig = await RunTopology.RunAsync(Topology.Workload, "dig",
            ["+short", "+time=2", "+tries=1", $"@{RunTopology.GatewayLinkAddress}", RunTopology.Ipv4Only, "AAAA"], s_request);
        Assert.True(dig.ExitCode == 0, dig.ToString());
        Assert.Equal(RunTopology.Ipv4ServerVia64, dig.StandardOutput.Trim());

        // NAT64: the workload fetches the IPv4-only server's page at that address.
        ChildProcessResult nat64 = await Topology.CurlThroughNat64Async("/index.html", s_request);
        Assert.Equal($"{RunTopology.Ipv4Body}\n200", nat64.StandardOutput.Trim());

        // Ingress: the IPv4 client fetches the IPv6-only site by name.
        ChildProcessResult ingress = await Topology.CurlThroughIngressAsync(RunTopology.Site, "/index.html", s_request);
        Assert.Equal($"{RunTopology.SiteBody}\n200", ingress.StandardOutput.Trim());

        // Prometheus, scraped with curl in the gateway's namespace, counts what the clients just did.
        ChildProcessResult scrape = await RunTopology.RunAsync(Topology.Gateway, "curl", ["-sS", "--fail", "--max-time", "5", $"http://{MetricsListen}/metrics"], s_request);
        Assert.True(scrape.ExitCode == 0, scrape.ToString());
        string metrics = scrape.StandardOutput;
        Assert.True(Sum(metrics, "gate64_dns64_queries_total") >= 1, metrics);
        Assert.True(Sum(metrics, "gate64_dns64_synthesized_total") >= 1, metrics);
        Assert.Equal(1, Sum(metrics, "gate64_ingress_connections_spliced_total"));
        Assert.True(Sum(metrics, "gate64_ingress_bytes_total") > RunTopology.SiteBody.Length, metrics);
        Assert.True(Sum(metrics, "gate64_nat64_packets_total") >= 6, metrics);   // at least a handshake, a request and a reply each way
        Assert.True(Sum(metrics, "gate64_nat64_sessions") >= 1, metrics);

        Assert.Equal(0, await gateway.StopAsync(s_stop));
    }

    /// <summary>The sum of every series of <paramref name="name"/> in a Prometheus text exposition (0 when there is none).</summary>
    private static double Sum(string exposition, string name) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(Math.Max(line.LastIndexOf('}'), name.Length - 1) + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));   // "name{labels} value [timestamp]"

    [Fact(Timeout = 120_000)]
    public async Task Reload_DuringLongTransfers_KeepsThemAndAppliesTheNewPolicyToNewConnections()
    {
        Topology.WriteConfig(permit: [RunTopology.SitePrefix], nat64Allow: [RunTopology.WorkloadPrefix]);
        await using Gate64RunProcess gateway = await Gate64RunProcess.StartAsync(Topology.Gateway, Topology.ConfigPath);
        await using Download throughIngress = await Topology.StartDownloadAsync(Topology.Client,
            $"http://{RunTopology.Site}{RunTopology.LargeFilePath}", ["--resolve", $"{RunTopology.Site}:{RunTopology.HttpPort}:{RunTopology.GatewayAddress}"],
            DownloadRate, TimeSpan.FromSeconds(60));
        await using Download throughNat64 = await Topology.StartDownloadAsync(Topology.Workload,
            $"http://[{RunTopology.Ipv4ServerVia64}]{RunTopology.LargeFilePath}", [],
            DownloadRate, TimeSpan.FromSeconds(60));

        // The site's prefix is no longer permitted (the other one is), and the workload may no longer use the NAT64.
        Topology.WriteConfig(permit: [RunTopology.OtherPrefix], nat64Allow: ["2001:db8:fe::/64"]);
        IReadOnlyList<string> reload = await gateway.ReloadAsync();

        Assert.Contains(reload, line => line.Contains($"Reloaded {Topology.ConfigPath}: new ingress.permit, nat64.allow in force", StringComparison.Ordinal));
        Assert.True(throughIngress.IsRunning, throughIngress.Describe());
        Assert.True(throughNat64.IsRunning, throughNat64.Describe());
        ChildProcessResult site = await Topology.CurlThroughIngressAsync(RunTopology.Site, "/index.html", s_request);
        Assert.EndsWith("\n502", site.StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.Contains("not permitted", site.StandardOutput, StringComparison.Ordinal);
        ChildProcessResult other = await Topology.CurlThroughIngressAsync(RunTopology.Other, "/index.html", s_request);
        Assert.Equal($"{RunTopology.OtherBody}\n200", other.StandardOutput.Trim());
        ChildProcessResult nat64 = await Topology.CurlThroughNat64Async("/index.html", TimeSpan.FromSeconds(3));
        Assert.True(nat64.ExitCode != 0, $"a new NAT64 flow of a client no longer allowed went through: {nat64}");
        Assert.True(throughIngress.IsRunning, throughIngress.Describe());
        Assert.True(throughNat64.IsRunning, throughNat64.Describe());

        await throughIngress.AssertCompletesIntactAsync(TimeSpan.FromSeconds(55));
        await throughNat64.AssertCompletesIntactAsync(TimeSpan.FromSeconds(55));
        Assert.Equal(0, await gateway.StopAsync(s_stop));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reload_DnsOverTcpConnection_SurvivesAndItsNextQueryFollowsTheNewAcl()
    {
        Topology.WriteConfig(permit: [RunTopology.SitePrefix], nat64Allow: [RunTopology.WorkloadPrefix]);
        await using Gate64RunProcess gateway = await Gate64RunProcess.StartAsync(Topology.Gateway, Topology.ConfigPath);
        string marker = Path.Combine(Topology.DirectoryPath, $"reloaded-{Guid.NewGuid():N}");
        await using ChildProcess client = Topology.Workload.Start(TestScripts.Python(), ["-u", "-c", DnsTcpClient, RunTopology.GatewayLinkAddress.ToString(), marker]);
        await client.WaitForOutputAsync("first ", s_request);

        // The workload may no longer ask: its next query on the same connection is refused.
        Topology.WriteConfig(permit: [RunTopology.SitePrefix], nat64Allow: [RunTopology.WorkloadPrefix], dns64Allow: "2001:db8:fe::/64");
        IReadOnlyList<string> reload = await gateway.ReloadAsync();
        Assert.Contains(reload, line => line.Contains("new dns64.allow in force", StringComparison.Ordinal));
        await File.WriteAllTextAsync(marker, "");

        Assert.Equal(0, await client.WaitForExitAsync(s_request));
        Assert.Equal(["first rcode 0 answers 1", "second rcode 5 answers 0"], client.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, await gateway.StopAsync(s_stop));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reload_InvalidFile_IsLoggedAndRefusedAndEveryServiceKeepsAnswering()
    {
        Topology.WriteConfig(permit: [RunTopology.SitePrefix], nat64Allow: [RunTopology.WorkloadPrefix]);
        await using Gate64RunProcess gateway = await Gate64RunProcess.StartAsync(Topology.Gateway, Topology.ConfigPath);

        string broken = Topology.WriteConfig(permit: ["fe80::/10", RunTopology.OtherPrefix], nat64Allow: [RunTopology.WorkloadPrefix], extra: "quota = \"many\"\n");
        IReadOnlyList<string> invalid = await gateway.ReloadAsync();
        int permitLine = Array.FindIndex(broken.Split('\n'), line => line.StartsWith("permit = ", StringComparison.Ordinal)) + 1;
        int quotaLine = Array.FindIndex(broken.Split('\n'), line => line.StartsWith("quota = ", StringComparison.Ordinal)) + 1;
        Assert.Contains(invalid, line => line.Contains($"{Topology.ConfigPath}:{permitLine}: ingress.permit[0]: permit fe80::/10 can never hold a backend", StringComparison.Ordinal));
        Assert.Contains(invalid, line => line.Contains($"{Topology.ConfigPath}:{quotaLine}: nat64.quota: expected a whole number", StringComparison.Ordinal));
        Assert.Contains(invalid, line => line.Contains($"Reload of {Topology.ConfigPath} refused: 2 error(s); the running configuration stays", StringComparison.Ordinal));

        // A valid file that moves DNS64 to another address needs a restart: refused as a whole.
        Topology.WriteConfig(permit: [RunTopology.OtherPrefix], nat64Allow: [RunTopology.WorkloadPrefix]);
        File.WriteAllText(Topology.ConfigPath, File.ReadAllText(Topology.ConfigPath).Replace("]:53\"]", "]:5353\"]", StringComparison.Ordinal));
        IReadOnlyList<string> restart = await gateway.ReloadAsync();
        Assert.Contains(restart, line => line.Contains("dns64.listen needs a restart", StringComparison.Ordinal));

        // Still the first file in force: the site is permitted, DNS64 and NAT64 answer as before.
        ChildProcessResult site = await Topology.CurlThroughIngressAsync(RunTopology.Site, "/index.html", s_request);
        Assert.Equal($"{RunTopology.SiteBody}\n200", site.StandardOutput.Trim());
        ChildProcessResult dig = await RunTopology.RunAsync(Topology.Workload, "dig",
            ["+short", "+time=2", "+tries=1", $"@{RunTopology.GatewayLinkAddress}", RunTopology.Ipv4Only, "AAAA"], s_request);
        Assert.Equal(RunTopology.Ipv4ServerVia64, dig.StandardOutput.Trim());
        ChildProcessResult nat64 = await Topology.CurlThroughNat64Async("/index.html", s_request);
        Assert.Equal($"{RunTopology.Ipv4Body}\n200", nat64.StandardOutput.Trim());
        Assert.False(gateway.Process.HasExited);
        Assert.Equal(0, await gateway.StopAsync(s_stop));
    }
}
