using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Gate64.Testing.Run;

/// <summary>
/// Three namespaces around one <c>gate64 run</c> with DNS64, the ingress and NAT64 in the gateway
/// (documentation addresses only):
/// <code>
///  client4   198.51.100.2/24 ── 198.51.100.1/24  gateway  2001:db8:ff::1/64 ── 2001:db8:ff::2/64  workload6
///            default via .1                     unbound 127.0.0.1:53           default via ::1
///            IPv4-only web server :80            TUN g64t-TAGn: 2001:db8:64::/96 lo: 2001:db8:1::10 (site :80)
///                                                 and 203.0.113.0/30                 2001:db8:3::10 (other :80)
///                                                2001:db8:{1,3}::/48 via ::2
///                                                forwarding on (both families)
/// </code>
/// client4 is the IPv4 internet: a client of the ingress, and the IPv4-only server that the
/// IPv6-only workload reaches through DNS64 (www4.test) and NAT64. The gateway process is started
/// by each test (<see cref="Gate64RunProcess"/>) from a file written by <see cref="WriteConfig"/>.
/// No namespace has a route out of these three.
/// </summary>
public sealed class RunTopology : IAsyncDisposable
{
    public const string Nat64Prefix = "2001:db8:64::/96";
    public const string Pool = "203.0.113.0/30";
    public const string SitePrefix = "2001:db8:1::/48";
    public const string OtherPrefix = "2001:db8:3::/48";
    public const string WorkloadPrefix = "2001:db8:ff::/64";
    public const string Site = "site.test";
    public const string Other = "other.test";
    public const string Ipv4Only = "www4.test";
    public const string SiteBody = "gate64 run test: IPv6-only site\n";
    public const string OtherBody = "gate64 run test: IPv6-only other site\n";
    public const string Ipv4Body = "gate64 run test: IPv4-only server\n";
    public const string LargeFilePath = "/large.bin";
    public const int HttpPort = 80;

    /// <summary>198.51.100.2 (client4) inside the NAT64 prefix: what DNS64 answers for www4.test.</summary>
    public const string Ipv4ServerVia64 = "2001:db8:64::c633:6402";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TempDirectory _directory;

    private RunTopology(TempDirectory directory, string tag)
    {
        _directory = directory;
        Tag = tag;
        TunName = $"{NetworkNamespace.NamePrefix}{tag}n";
    }

    public static IPAddress ClientAddress { get; } = IPAddress.Parse("198.51.100.2");

    /// <summary>The gateway's IPv4 address: the ingress listens here and the sites' A records point here.</summary>
    public static IPAddress GatewayAddress { get; } = IPAddress.Parse("198.51.100.1");

    /// <summary>The gateway's address on the workload link: DNS64 listens here.</summary>
    public static IPAddress GatewayLinkAddress { get; } = IPAddress.Parse("2001:db8:ff::1");

    public static IPAddress WorkloadAddress { get; } = IPAddress.Parse("2001:db8:ff::2");

    public static IPAddress SiteAddress { get; } = IPAddress.Parse("2001:db8:1::10");

    public static IPAddress OtherAddress { get; } = IPAddress.Parse("2001:db8:3::10");

    public string Tag { get; }

    public string TunName { get; }

    public NetworkNamespace Client { get; private set; } = null!;

    public NetworkNamespace Gateway { get; private set; } = null!;

    public NetworkNamespace Workload { get; private set; } = null!;

    public string DirectoryPath => _directory.FullPath;

    /// <summary>The file <see cref="WriteConfig"/> writes and the gateway runs with.</summary>
    public string ConfigPath => _directory.Combine("gate64.toml");

    public long LargeFileLength { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the large file (the same file on the site and the IPv4 server).</summary>
    public string LargeFileSha256 { get; private set; } = "";

    public static UnboundZone Zone { get; } = new(
        "test.",
        [
            "@ 3600 IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
            "@ 3600 IN NS ns",
            "ns 3600 IN A 192.0.2.53",
            "site 60 IN A 198.51.100.1",
            "site 60 IN AAAA 2001:db8:1::10",
            "other 60 IN A 198.51.100.1",
            "other 60 IN AAAA 2001:db8:3::10",
            "www4 60 IN A 198.51.100.2",
        ]);

    /// <summary>Builds the namespaces, links, routes, resolver and web servers; removes whatever it made when a step fails.</summary>
    /// <param name="largeFileBytes">Size of the random file both web servers serve at <see cref="LargeFilePath"/>.</param>
    public static async Task<RunTopology> StartAsync(long largeFileBytes)
    {
        foreach (string tool in new[] { "ip", "sysctl", "unbound", "dig", "curl", "kill" })
        {
            RequiredTool.Find(tool);
        }
        TestScripts.Python();
        string tag = NetworkNamespace.NewTag();
        RunTopology topology = new(TempDirectory.Create($"run-{tag}"), tag);
        try
        {
            await topology.BuildAsync(largeFileBytes).ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Writes <see cref="ConfigPath"/>: DNS64 on [2001:db8:ff::1]:53 for the workload link, the ingress on
    /// 198.51.100.1:80, NAT64 on the TUN, all asking unbound at 127.0.0.1:53.
    /// </summary>
    /// <param name="permit">The ingress's permitted backend prefixes.</param>
    /// <param name="nat64Allow">Who may use the NAT64.</param>
    /// <param name="extra">Appended as is (more tables, or a deliberate mistake).</param>
    /// <param name="dns64Allow">Who may ask DNS64 (default: the workload link).</param>
    public string WriteConfig(IReadOnlyList<string> permit, IReadOnlyList<string> nat64Allow, string extra = "", string dns64Allow = WorkloadPrefix)
    {
        string text = $"""
            # written by the gate64 run functional tests
            [resolver]
            upstream = ["127.0.0.1:53"]

            [dns64]
            listen = ["[{GatewayLinkAddress}]:53"]
            allow = ["{dns64Allow}"]

            [ingress]
            listen = ["{GatewayAddress}:{HttpPort}"]
            permit = [{Quoted(permit)}]
            idle-timeout = 30

            [nat64]
            tun = "{TunName}"
            prefix = "{Nat64Prefix}"
            pool4 = "{Pool}"
            allow = [{Quoted(nat64Allow)}]
            {extra}
            """;
        File.WriteAllText(ConfigPath, text);
        return text;
    }

    /// <summary>Runs <paramref name="program"/> (found with <see cref="RequiredTool"/>) in <paramref name="where"/> to completion.</summary>
    public static Task<ChildProcessResult> RunAsync(NetworkNamespace where, string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        where.RunAsync(RequiredTool.Find(program), arguments, timeout);

    /// <summary><c>curl</c> of an ingress URL from client4 (the name resolved to the gateway); stdout ends with the HTTP code.</summary>
    public Task<ChildProcessResult> CurlThroughIngressAsync(string name, string path, TimeSpan timeout) =>
        RunAsync(Client, "curl",
            [
                "-sS", "--max-time", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                "--resolve", $"{name}:{HttpPort}:{GatewayAddress}", "-w", "\n%{http_code}\n", $"http://{name}{path}",
            ],
            timeout + TimeSpan.FromSeconds(10));

    /// <summary><c>curl</c> from the IPv6-only workload to the IPv4-only server through NAT64; stdout ends with the HTTP code.</summary>
    public Task<ChildProcessResult> CurlThroughNat64Async(string path, TimeSpan timeout) =>
        RunAsync(Workload, "curl",
            ["-sS", "--max-time", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-w", "\n%{http_code}\n", $"http://[{Ipv4ServerVia64}]{path}"],
            timeout + TimeSpan.FromSeconds(10));

    /// <summary>Starts a download of <paramref name="url"/> (the large file) in <paramref name="where"/>, sent by the server at <paramref name="bytesPerSecond"/>; see <see cref="Download"/>.</summary>
    public Task<Download> StartDownloadAsync(NetworkNamespace where, string url, IReadOnlyList<string> curlOptions, long bytesPerSecond, TimeSpan timeout) =>
        Download.StartAsync(this, where, url, curlOptions, bytesPerSecond, timeout);

    public async ValueTask DisposeAsync()
    {
        List<Exception> errors = [];
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }
        _owned.Clear();
        try
        {
            _directory.Dispose();
        }
        catch (IOException e)
        {
            errors.Add(e);
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"cleaning up run topology {Tag} failed", errors);
        }
    }

    private async Task BuildAsync(long largeFileBytes)
    {
        // Owned in creation order, disposed in reverse: processes before links before namespaces.
        Client = Own(await NetworkNamespace.CreateAsync("client4", Tag).ConfigureAwait(false));
        Gateway = Own(await NetworkNamespace.CreateAsync("gateway", Tag).ConfigureAwait(false));
        Workload = Own(await NetworkNamespace.CreateAsync("workload6", Tag).ConfigureAwait(false));
        foreach (NetworkNamespace ns in new[] { Client, Workload })
        {
            await ns.SetSysctlAsync("net.ipv4.ip_forward", "0").ConfigureAwait(false);
            await ns.SetSysctlAsync("net.ipv6.conf.all.forwarding", "0").ConfigureAwait(false);
        }
        // The gateway routes between the workload link and the NAT64 TUN.
        await Gateway.SetSysctlAsync("net.ipv4.ip_forward", "1").ConfigureAwait(false);
        await Gateway.SetSysctlAsync("net.ipv6.conf.all.forwarding", "1").ConfigureAwait(false);

        Own(await VethLink.CreateAsync(Client, ["198.51.100.2/24"], Gateway, ["198.51.100.1/24"]).ConfigureAwait(false));
        Own(await VethLink.CreateAsync(Gateway, ["2001:db8:ff::1/64"], Workload, ["2001:db8:ff::2/64"]).ConfigureAwait(false));
        await Client.IpAsync("-4", "route", "add", "default", "via", GatewayAddress.ToString()).ConfigureAwait(false);
        await Workload.IpAsync("-6", "route", "add", "default", "via", GatewayLinkAddress.ToString()).ConfigureAwait(false);
        foreach (string prefix in new[] { SitePrefix, OtherPrefix })
        {
            await Gateway.IpAsync("-6", "route", "add", prefix, "via", WorkloadAddress.ToString()).ConfigureAwait(false);
        }
        foreach (IPAddress address in new[] { SiteAddress, OtherAddress })
        {
            await Workload.IpAsync("-6", "address", "add", $"{address}/128", "dev", "lo").ConfigureAwait(false);
        }

        string site = await WriteSiteAsync("www-site", SiteBody, largeFileBytes).ConfigureAwait(false);
        string other = await WriteSiteAsync("www-other", OtherBody, 0).ConfigureAwait(false);
        string ipv4 = await WriteSiteAsync("www-ipv4", Ipv4Body, 0).ConfigureAwait(false);
        File.Copy(Path.Combine(site, LargeFilePath.TrimStart('/')), Path.Combine(ipv4, LargeFilePath.TrimStart('/')));

        Own(await UnboundServer.StartAsync(Gateway, new IPEndPoint(IPAddress.Loopback, 53), [Zone]).ConfigureAwait(false));
        string python = TestScripts.Python();
        string httpServer = TestScripts.Extract(TestScripts.HttpServer, DirectoryPath);
        ChildProcess siteServer = Workload.Start(python, ["-u", httpServer, SiteAddress.ToString(), HttpPort.ToString(CultureInfo.InvariantCulture), site]);
        ChildProcess otherServer = Workload.Start(python, ["-u", httpServer, OtherAddress.ToString(), HttpPort.ToString(CultureInfo.InvariantCulture), other]);
        ChildProcess ipv4Server = Client.Start(python, ["-u", httpServer, ClientAddress.ToString(), HttpPort.ToString(CultureInfo.InvariantCulture), ipv4]);
        await siteServer.WaitForOutputAsync("ready", s_startTimeout).ConfigureAwait(false);
        await otherServer.WaitForOutputAsync("ready", s_startTimeout).ConfigureAwait(false);
        await ipv4Server.WaitForOutputAsync("ready", s_startTimeout).ConfigureAwait(false);
    }

    private async Task<string> WriteSiteAsync(string folder, string body, long largeFileBytes)
    {
        string root = Directory.CreateDirectory(_directory.Combine(folder)).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), body).ConfigureAwait(false);
        if (largeFileBytes > 0)
        {
            byte[] block = new byte[1 << 20];
            using SHA256 sha = SHA256.Create();
            await using (FileStream file = File.Create(Path.Combine(root, LargeFilePath.TrimStart('/'))))
            {
                for (long written = 0; written < largeFileBytes; written += block.Length)
                {
                    int length = (int)Math.Min(block.Length, largeFileBytes - written);
                    RandomNumberGenerator.Fill(block.AsSpan(0, length));
                    sha.TransformBlock(block, 0, length, null, 0);
                    await file.WriteAsync(block.AsMemory(0, length)).ConfigureAwait(false);
                }
            }
            sha.TransformFinalBlock([], 0, 0);
            LargeFileSha256 = Convert.ToHexStringLower(sha.Hash!);
            LargeFileLength = largeFileBytes;
        }
        return root;
    }

    private static string Quoted(IReadOnlyList<string> values) => string.Join(", ", values.Select(value => $"\"{value}\""));

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
