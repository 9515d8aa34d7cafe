using System.Globalization;
using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>
/// Three namespaces for BGP tests: the upstream router, the gate64 host and a workload.
/// <code>
///  router  198.51.100.1/30      ── 198.51.100.2/30      host            workload
///          2001:db8:ffff::1/64     2001:db8:ffff::2/64  (gate64 bgp,    (no link yet: gate64 link up
///          AS 65000, BIRD/FRR      AS 65001              gobgpd, …)      makes it)
///          /gobgpd
/// </code>
/// Forwarding is on in the router and the host; no namespace has a route out. Workload pools:
/// 192.0.2.0/24 and 2001:db8:10::/48 (a host announces /32s and /128s inside them); service
/// prefixes 198.51.100.128/25 and 2001:db8:64::/96. Daemons started through the topology are
/// disposed with it, before the namespaces.
/// </summary>
public sealed class BgpTopology : IAsyncDisposable
{
    public const uint RouterAs = 65000;

    /// <summary>The host's default AS; tests may use another one (e.g. the 4-byte <see cref="FourByteHostAs"/>).</summary>
    public const uint HostAs = 65001;

    /// <summary>A 4-byte AS (RFC 6793) for hosts, from the private range 4200000000–4294967294.</summary>
    public const uint FourByteHostAs = 4_200_000_001;

    private readonly List<IAsyncDisposable> _owned = [];
    private NetworkNamespace? _router;
    private NetworkNamespace? _host;
    private NetworkNamespace? _workload;
    private VethLink? _uplink;

    private BgpTopology(string tag)
    {
        Tag = tag;
    }

    /// <summary>The random tag in every namespace name of this topology.</summary>
    public string Tag { get; }

    public NetworkNamespace Router => _router ?? throw new InvalidOperationException("not built");

    public NetworkNamespace Host => _host ?? throw new InvalidOperationException("not built");

    public NetworkNamespace Workload => _workload ?? throw new InvalidOperationException("not built");

    /// <summary>The veth between router (first end) and host (second end).</summary>
    public VethLink Uplink => _uplink ?? throw new InvalidOperationException("not built");

    /// <summary>The router's interface towards the host.</summary>
    public string RouterInterface => Uplink.FirstName;

    /// <summary>The host's interface towards the router.</summary>
    public string HostInterface => Uplink.SecondName;

    public static IPAddress RouterAddress4 { get; } = IPAddress.Parse("198.51.100.1");

    public static IPAddress HostAddress4 { get; } = IPAddress.Parse("198.51.100.2");

    public static IPAddress RouterAddress6 { get; } = IPAddress.Parse("2001:db8:ffff::1");

    public static IPAddress HostAddress6 { get; } = IPAddress.Parse("2001:db8:ffff::2");

    /// <summary>The router↔host link, IPv4 (where hosts' IPv4 sessions come from).</summary>
    public static IpPrefix UplinkPrefix4 { get; } = IpPrefix.Parse("198.51.100.0/30");

    /// <summary>The router↔host link, IPv6 (where hosts' IPv6 sessions come from).</summary>
    public static IpPrefix UplinkPrefix6 { get; } = IpPrefix.Parse("2001:db8:ffff::/64");

    public static IpPrefix WorkloadPool4 { get; } = IpPrefix.Parse("192.0.2.0/24");

    public static IpPrefix WorkloadPool6 { get; } = IpPrefix.Parse("2001:db8:10::/48");

    public static IpPrefix ServicePrefix4 { get; } = IpPrefix.Parse("198.51.100.128/25");

    public static IpPrefix ServicePrefix6 { get; } = IpPrefix.Parse("2001:db8:64::/96");

    /// <summary>Builds the namespaces and the uplink; removes whatever it made when a step fails.</summary>
    public static async Task<BgpTopology> StartAsync()
    {
        foreach (string tool in new[] { "ip", "sysctl" })
        {
            RequiredTool.Find(tool);
        }

        BgpTopology topology = new(NetworkNamespace.NewTag());
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

    /// <summary>The shipped router snippet's values for this topology (hosts of AS <paramref name="hostAs"/>).</summary>
    public static UpstreamRouterSettings RouterSettings(uint hostAs = HostAs) => new()
    {
        RouterId = RouterAddress4,
        RouterAs = RouterAs,
        GatewayAs = hostAs,
        HostRange4 = UplinkPrefix4,
        HostRange6 = UplinkPrefix6,
        WorkloadPool4 = WorkloadPool4,
        WorkloadPool6 = WorkloadPool6,
        ServicePrefix4 = ServicePrefix4,
        ServicePrefix6 = ServicePrefix6,
    };

    /// <summary>
    /// The arguments of <c>gate64 bgp</c> on the host: AS <paramref name="hostAs"/>, router id
    /// 198.51.100.2, one IPv4 and one IPv6 session to the router, plus <paramref name="extra"/>
    /// (e.g. <c>--announce P</c>).
    /// </summary>
    public static IReadOnlyList<string> SpeakerArguments(uint hostAs = HostAs, IEnumerable<string>? extra = null) =>
    [
        "bgp",
        "--local-as", hostAs.ToString(CultureInfo.InvariantCulture),
        "--router-id", HostAddress4.ToString(),
        "--neighbor", $"{RouterAddress4},as={RouterAs.ToString(CultureInfo.InvariantCulture)}",
        "--neighbor", $"{RouterAddress6},as={RouterAs.ToString(CultureInfo.InvariantCulture)}",
        .. extra ?? [],
    ];

    /// <summary>Starts BIRD in the router namespace with the shipped snippet (default: <see cref="RouterSettings"/>); stopped with the topology.</summary>
    public async Task<BirdRouter> StartBirdAsync(UpstreamRouterSettings? settings = null, string? extraConfiguration = null) =>
        Own(await BirdRouter.StartAsync(Router, settings ?? RouterSettings(), extraConfiguration).ConfigureAwait(false));

    /// <summary>Starts FRR's bgpd in the router namespace with the shipped snippet (default: <see cref="RouterSettings"/>); stopped with the topology.</summary>
    public async Task<FrrRouter> StartFrrAsync(UpstreamRouterSettings? settings = null) =>
        Own(await FrrRouter.StartAsync(Router, settings ?? RouterSettings()).ConfigureAwait(false));

    /// <summary>Starts gobgpd in <paramref name="networkNamespace"/> (the host or the router); stopped with the topology.</summary>
    public async Task<GoBgpDaemon> StartGoBgpAsync(NetworkNamespace networkNamespace, GoBgpOptions options) =>
        Own(await GoBgpDaemon.StartAsync(networkNamespace, options).ConfigureAwait(false));

    /// <summary>
    /// The gobgpd options of a host speaker like <c>gate64 bgp</c>: active sessions to the router
    /// over IPv4 (ipv4-unicast) and IPv6 (ipv6-unicast), no listening, reconnecting as soon as
    /// gobgpd allows after a reset.
    /// </summary>
    public static GoBgpOptions HostSpeakerOptions(uint hostAs = HostAs, bool adminDown = false) => new()
    {
        As = hostAs,
        RouterId = HostAddress4,
        Neighbors =
        [
            new GoBgpNeighbor(RouterAddress4, RouterAs, [GoBgpDaemon.Ipv4Unicast]) { AdminDown = adminDown, ConnectRetry = 1, IdleHoldTimeAfterReset = 1 },
            new GoBgpNeighbor(RouterAddress6, RouterAs, [GoBgpDaemon.Ipv6Unicast]) { AdminDown = adminDown, ConnectRetry = 1, IdleHoldTimeAfterReset = 1 },
        ],
    };

    /// <summary>
    /// The gobgpd options of a router that waits for hosts of AS <paramref name="hostAs"/> on the
    /// uplink (dynamic neighbours, IPv4 sessions for IPv4 routes and IPv6 sessions for IPv6 routes).
    /// </summary>
    public static GoBgpOptions RouterOptions(uint hostAs = HostAs) => new()
    {
        As = RouterAs,
        RouterId = RouterAddress4,
        DynamicNeighbors =
        [
            new GoBgpDynamicNeighbors(UplinkPrefix4, hostAs, [GoBgpDaemon.Ipv4Unicast]) { GracefulRestartHelper = true },
            new GoBgpDynamicNeighbors(UplinkPrefix6, hostAs, [GoBgpDaemon.Ipv6Unicast]) { GracefulRestartHelper = true },
        ],
    };

    /// <summary>Runs <paramref name="program"/> (found with <see cref="RequiredTool"/>) inside the host namespace to completion.</summary>
    public Task<ChildProcessResult> RunInHostAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, ChildProcessOptions? options = null) =>
        Host.RunAsync(RequiredTool.Find(program), arguments, timeout, options);

    /// <summary>Starts <paramref name="program"/> (found with <see cref="RequiredTool"/>) inside the host namespace; killed with the topology at the latest.</summary>
    public ChildProcess StartInHost(string program, IEnumerable<string> arguments, ChildProcessOptions? options = null) =>
        Host.Start(RequiredTool.Find(program), arguments, options);

    /// <summary>Runs <paramref name="program"/> inside the router namespace to completion.</summary>
    public Task<ChildProcessResult> RunInRouterAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, ChildProcessOptions? options = null) =>
        Router.RunAsync(RequiredTool.Find(program), arguments, timeout, options);

    /// <summary>Takes ownership of a resource (a daemon, a process wrapper): disposed with the topology, before the namespaces.</summary>
    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

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
        if (errors.Count > 0)
        {
            throw new AggregateException($"cleaning up BGP topology {Tag} failed", errors);
        }
    }

    public override string ToString() => $"BGP topology {Tag}: {_router} / {_host} / {_workload}";

    private async Task BuildAsync()
    {
        // Owned in creation order, disposed in reverse: daemons, then the link, then the namespaces.
        _router = Own(await NetworkNamespace.CreateAsync("router", Tag).ConfigureAwait(false));
        _host = Own(await NetworkNamespace.CreateAsync("host", Tag).ConfigureAwait(false));
        _workload = Own(await NetworkNamespace.CreateAsync("workload", Tag).ConfigureAwait(false));
        _uplink = Own(await VethLink.CreateAsync(
            _router, [$"{RouterAddress4}/30", $"{RouterAddress6}/64"],
            _host, [$"{HostAddress4}/30", $"{HostAddress6}/64"]).ConfigureAwait(false));
        foreach (NetworkNamespace ns in new[] { _router, _host })
        {
            await ns.SetSysctlAsync("net.ipv4.ip_forward", "1").ConfigureAwait(false);
            await ns.SetSysctlAsync("net.ipv6.conf.all.forwarding", "1").ConfigureAwait(false);
        }
    }
}
