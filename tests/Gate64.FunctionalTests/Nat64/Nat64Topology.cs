using System.Globalization;
using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Nat64;

/// <summary>
/// Four namespaces around a <c>gate64 nat64</c> on a TUN interface in the gateway (documentation addresses only):
/// <code>
///  client6   2001:db8:1::2/64 ── 2001:db8:1::1/64  gateway   198.51.100.1/24 ── 198.51.100.2/24  server4
///            default via ::1                      TUN g64t-TAGn                  203.0.113.0/30 via .1
///  outsider6 2001:db8:2::2/64 ── 2001:db8:2::1/64   2001:db8:64::/96 and          http.server :80
///            default via ::1                        203.0.113.0/30 via the TUN    unbound :53 (UDP, TCP)
///                                                   forwarding on (both families)
/// </code>
/// gate64 runs <c>nat64 --tun g64t-TAGn --prefix 2001:db8:64::/96 --pool4 203.0.113.0/30 --allow 2001:db8:1::/64</c>:
/// client6 is allowed, outsider6 is not. server4 is 2001:db8:64::c633:6402 from the IPv6 side. No namespace has a
/// route out of these four.
/// </summary>
internal sealed class Nat64Topology : IAsyncDisposable
{
    public const string Prefix = "2001:db8:64::/96";
    public const string Pool = "203.0.113.0/30";
    public const string AllowedPrefix = "2001:db8:1::/64";
    public const string ServerName = "www.nat64.test.";
    public const string ServerNameAddress = "192.0.2.80";
    public const string IndexBody = "gate64 nat64 test: IPv4-only web server\n";
    public const int HttpPort = 80;

    /// <summary>198.51.100.2 inside the prefix.</summary>
    public const string ServerVia64 = "2001:db8:64::c633:6402";

    /// <summary>The first pool address (203.0.113.0) inside the prefix: where the translator's own ICMPv6 errors come from.</summary>
    public const string TranslatorAddress = "2001:db8:64::cb00:7100";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TempDirectory _directory;

    private readonly IReadOnlyList<string> _extraArguments;

    private Nat64Topology(TempDirectory directory, string tag, string pool, IReadOnlyList<string> extraArguments)
    {
        _directory = directory;
        Tag = tag;
        PoolPrefix = pool;
        _extraArguments = extraArguments;
        TunName = $"{NetworkNamespace.NamePrefix}{tag}n";
    }

    public static IPAddress ServerAddress { get; } = IPAddress.Parse("198.51.100.2");

    public string Tag { get; }

    /// <summary>The <c>--pool4</c> this topology runs with (<see cref="Pool"/> unless started with another).</summary>
    public string PoolPrefix { get; }

    /// <summary>client6's end of the client6 ↔ gateway link.</summary>
    public VethLink ClientLink { get; private set; } = null!;

    /// <summary>gateway ↔ server4 (first end in the gateway).</summary>
    public VethLink ServerLink { get; private set; } = null!;

    public string TunName { get; }

    public NetworkNamespace Client { get; private set; } = null!;

    public NetworkNamespace Outsider { get; private set; } = null!;

    public NetworkNamespace Gateway { get; private set; } = null!;

    public NetworkNamespace Server { get; private set; } = null!;

    public ChildProcess Nat64 { get; private set; } = null!;

    public ChildProcess HttpServer { get; private set; } = null!;

    public UnboundServer Dns { get; private set; } = null!;

    public string DirectoryPath => _directory.FullPath;

    /// <summary>The <c>gate64 nat64</c> arguments this topology runs with.</summary>
    public IReadOnlyList<string> Nat64Arguments =>
        ["nat64", "--tun", TunName, "--prefix", Prefix, "--pool4", PoolPrefix, "--allow", AllowedPrefix, "--log-mappings", .. _extraArguments];

    /// <summary>Builds the topology; <paramref name="pool"/> and <paramref name="extraArguments"/> change how gate64 runs.</summary>
    public static async Task<Nat64Topology> StartAsync(string pool = Pool, IReadOnlyList<string>? extraArguments = null)
    {
        foreach (string tool in new[] { "ip", "sysctl", "ping", "curl", "dig", "unbound" })
        {
            RequiredTool.Find(tool);
        }
        TestScripts.Python();
        string tag = NetworkNamespace.NewTag();
        Nat64Topology topology = new(TempDirectory.Create($"nat64-{tag}"), tag, pool, extraArguments ?? []);
        try
        {
            await topology.BuildAsync().ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="program"/> (found with <see cref="RequiredTool"/>) in <paramref name="where"/> to completion.</summary>
    public static Task<ChildProcessResult> RunAsync(NetworkNamespace where, string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        where.RunAsync(RequiredTool.Find(program), arguments, timeout);

    /// <summary>Runs a Python snippet in <paramref name="where"/>.</summary>
    public static Task<ChildProcessResult> PythonAsync(NetworkNamespace where, string script, TimeSpan timeout) =>
        where.RunAsync(TestScripts.Python(), ["-c", script], timeout);

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
            throw new AggregateException($"cleaning up NAT64 topology {Tag} failed", errors);
        }
    }

    private async Task BuildAsync()
    {
        Client = Own(await NetworkNamespace.CreateAsync("client6", Tag).ConfigureAwait(false));
        Outsider = Own(await NetworkNamespace.CreateAsync("outsider6", Tag).ConfigureAwait(false));
        Gateway = Own(await NetworkNamespace.CreateAsync("gateway", Tag).ConfigureAwait(false));
        Server = Own(await NetworkNamespace.CreateAsync("server4", Tag).ConfigureAwait(false));

        ClientLink = Own(await VethLink.CreateAsync(Client, ["2001:db8:1::2/64"], Gateway, ["2001:db8:1::1/64"]).ConfigureAwait(false));
        Own(await VethLink.CreateAsync(Outsider, ["2001:db8:2::2/64"], Gateway, ["2001:db8:2::1/64"]).ConfigureAwait(false));
        ServerLink = Own(await VethLink.CreateAsync(Gateway, ["198.51.100.1/24"], Server, ["198.51.100.2/24"]).ConfigureAwait(false));
        await Client.IpAsync("-6", "route", "add", "default", "via", "2001:db8:1::1").ConfigureAwait(false);
        await Outsider.IpAsync("-6", "route", "add", "default", "via", "2001:db8:2::1").ConfigureAwait(false);
        await Server.IpAsync("-4", "route", "add", PoolPrefix, "via", "198.51.100.1").ConfigureAwait(false);
        await Gateway.SetSysctlAsync("net.ipv4.ip_forward", "1").ConfigureAwait(false);
        await Gateway.SetSysctlAsync("net.ipv6.conf.all.forwarding", "1").ConfigureAwait(false);

        string root = Directory.CreateDirectory(_directory.Combine("www")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), IndexBody).ConfigureAwait(false);
        HttpServer = Server.Start(TestScripts.Python(),
            ["-u", "-m", "http.server", HttpPort.ToString(CultureInfo.InvariantCulture), "--bind", ServerAddress.ToString(), "--directory", root]);
        Dns = Own(await UnboundServer.StartAsync(
            Server,
            new IPEndPoint(ServerAddress, 53),
            [new UnboundZone("nat64.test.", ["@ 3600 IN SOA ns.nat64.test. hostmaster.nat64.test. 1 3600 600 86400 300", "@ 3600 IN NS ns", $"ns 3600 IN A {ServerAddress}", $"www 300 IN A {ServerNameAddress}"])],
            ["access-control: 198.51.100.0/24 allow", "access-control: 203.0.113.0/24 allow"]).ConfigureAwait(false));

        Nat64 = Gate64Executable.Locate().Start(Gateway, Nat64Arguments);
        await Nat64.WaitForOutputAsync("NAT64 running on", s_startTimeout).ConfigureAwait(false);
        await HttpServer.WaitForOutputAsync("Serving HTTP", s_startTimeout).ConfigureAwait(false);
    }

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
