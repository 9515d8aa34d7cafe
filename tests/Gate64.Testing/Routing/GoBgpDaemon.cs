using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Testing.Routing;

/// <summary>
/// <c>gobgpd</c> inside a <see cref="NetworkNamespace"/> with a TOML config rendered from
/// <see cref="GoBgpOptions"/>. Its gRPC API listens on a unix socket in the daemon's temp directory
/// (<c>--api-hosts unix://…</c>), not on a TCP port: nothing to collide with, and the <c>gobgp</c>
/// CLI reaches it from outside the namespace (<c>--target unix://…</c>). gobgpd installs nothing in
/// the kernel (no zebra). Disposing kills it by PID and removes the directory.
/// </summary>
public sealed class GoBgpDaemon : IAsyncDisposable
{
    public const string Ipv4Unicast = "ipv4-unicast";
    public const string Ipv6Unicast = "ipv6-unicast";

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;
    private readonly string _gobgp;
    private int _disposed;

    private GoBgpDaemon(NetworkNamespace networkNamespace, GoBgpOptions options, TempDirectory directory, string gobgp, ChildProcess process, string configuration)
    {
        Namespace = networkNamespace;
        Options = options;
        _directory = directory;
        _gobgp = gobgp;
        Process = process;
        Configuration = configuration;
    }

    public NetworkNamespace Namespace { get; }

    public GoBgpOptions Options { get; }

    /// <summary>The gobgpd process; its <see cref="ChildProcess.Output"/> is gobgpd's log.</summary>
    public ChildProcess Process { get; }

    /// <summary>The TOML text gobgpd runs with.</summary>
    public string Configuration { get; }

    /// <summary>The gRPC endpoint for <c>gobgp --target</c>.</summary>
    public string ApiTarget => "unix://" + _directory.Combine("gobgpd.sock");

    /// <summary>Starts gobgpd in <paramref name="networkNamespace"/> and waits until its API answers.</summary>
    public static async Task<GoBgpDaemon> StartAsync(NetworkNamespace networkNamespace, GoBgpOptions options)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(options);
        string gobgpd = RequiredTool.Find("gobgpd");
        string gobgp = RequiredTool.Find("gobgp");
        TempDirectory directory = TempDirectory.Create("gobgpd");
        ChildProcess? process = null;
        try
        {
            string configuration = GoBgpConfiguration.Render(options);
            string configPath = directory.Combine("gobgpd.toml");
            await File.WriteAllTextAsync(configPath, configuration).ConfigureAwait(false);
            ChildProcessResult checkedConfig = await ChildProcess.RunAsync(gobgpd, ["-d", "-f", configPath, "-t", "toml"], s_commandTimeout)
                .ConfigureAwait(false);
            if (checkedConfig.ExitCode != 0)
            {
                throw new InvalidOperationException($"gobgpd rejects its config:\n{configuration}\n{checkedConfig}");
            }

            process = networkNamespace.Start(
                gobgpd,
                ["-f", configPath, "-t", "toml", "-p", "--api-hosts", "unix://" + directory.Combine("gobgpd.sock"), "--pprof-disable"]);
            GoBgpDaemon daemon = new(networkNamespace, options, directory, gobgp, process, configuration);
            await daemon.WaitUntilAsync(
                async () => await daemon.RunCommandAsync("global").ConfigureAwait(false),
                output => output.Contains("AS:", StringComparison.Ordinal),
                s_startTimeout,
                "gobgpd's API answering").ConfigureAwait(false);
            return daemon;
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }

            directory.Dispose();
            throw;
        }
    }

    /// <summary>Runs <c>gobgp --target API ARGS…</c>; returns stdout, throws with gobgpd's log on failure.</summary>
    public async Task<string> RunCommandAsync(params string[] arguments)
    {
        ChildProcessResult result = await ChildProcess.RunAsync(_gobgp, ["--target", ApiTarget, .. arguments], s_commandTimeout)
            .ConfigureAwait(false);
        if (result.ExitCode != 0 || result.StandardOutput.Contains("rpc error", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"gobgp {string.Join(' ', arguments)} failed:\n{result}\ngobgpd log:\n{Process.Output}");
        }

        return result.StandardOutput;
    }

    /// <summary>
    /// <c>gobgp global rib add PREFIX nexthop NH -a ipv4|ipv6 [community …] [large-community …]</c>:
    /// originates a route (sent to every established neighbour of its family).
    /// </summary>
    public Task AddRouteAsync(
        IpPrefix prefix,
        IPAddress nextHop,
        IReadOnlyList<BgpCommunity>? communities = null,
        IReadOnlyList<BgpLargeCommunity>? largeCommunities = null)
    {
        ArgumentNullException.ThrowIfNull(nextHop);
        List<string> arguments = ["global", "rib", "add", prefix.ToString(), "nexthop", nextHop.ToString(), "-a", FamilyOf(prefix)];
        if (communities is { Count: > 0 })
        {
            arguments.AddRange(["community", string.Join(',', communities)]);
        }

        if (largeCommunities is { Count: > 0 })
        {
            arguments.AddRange(["large-community", string.Join(',', largeCommunities)]);
        }

        return RunCommandAsync([.. arguments]);
    }

    /// <summary><c>gobgp global rib del PREFIX -a …</c>: withdraws a route added with <see cref="AddRouteAsync"/>.</summary>
    public Task DeleteRouteAsync(IpPrefix prefix) =>
        RunCommandAsync("global", "rib", "del", prefix.ToString(), "-a", FamilyOf(prefix));

    /// <summary><c>gobgp neighbor -j</c>: configured and dynamic neighbours with their session states.</summary>
    public async Task<IReadOnlyList<GoBgpPeer>> GetPeersAsync() =>
        GoBgpJsonParser.ParsePeers(await RunCommandAsync("neighbor", "-j").ConfigureAwait(false));

    /// <summary><c>gobgp global rib -a ipv4|ipv6 -j</c>: the local RIB (routes added here and routes received).</summary>
    public async Task<IReadOnlyList<GoBgpPath>> GetRibAsync(AddressFamily family) =>
        GoBgpJsonParser.ParseRib(await RunCommandAsync("global", "rib", "-a", FamilyName(family), "-j").ConfigureAwait(false));

    /// <summary><c>gobgp neighbor ADDR adj-in -a … -j</c>: what one neighbour sent (before policy).</summary>
    public async Task<IReadOnlyList<GoBgpPath>> GetAdjInAsync(IPAddress neighbor, AddressFamily family) =>
        GoBgpJsonParser.ParseRib(await RunCommandAsync("neighbor", neighbor.ToString(), "adj-in", "-a", FamilyName(family), "-j").ConfigureAwait(false));

    /// <summary><c>gobgp neighbor ADDR enable</c> (for a neighbour configured <see cref="GoBgpNeighbor.AdminDown"/>).</summary>
    public Task EnableNeighborAsync(IPAddress neighbor) => RunCommandAsync("neighbor", neighbor.ToString(), "enable");

    /// <summary><c>gobgp neighbor ADDR disable</c>: closes the session with a Cease NOTIFICATION.</summary>
    public Task DisableNeighborAsync(IPAddress neighbor) => RunCommandAsync("neighbor", neighbor.ToString(), "disable");

    /// <summary>Waits until <paramref name="count"/> neighbours are Established; returns them.</summary>
    public async Task<IReadOnlyList<GoBgpPeer>> WaitForEstablishedAsync(int count, TimeSpan timeout)
    {
        IReadOnlyList<GoBgpPeer> peers = await WaitUntilAsync(
            GetPeersAsync,
            all => all.Count(p => p.IsEstablished) >= count,
            timeout,
            $"{count.ToString(CultureInfo.InvariantCulture)} established gobgpd neighbour(s)",
            all => string.Join('\n', all)).ConfigureAwait(false);
        return peers.Where(p => p.IsEstablished).ToList();
    }

    /// <summary>Polls the RIB of <paramref name="family"/> until <paramref name="condition"/> holds.</summary>
    public Task<IReadOnlyList<GoBgpPath>> WaitForRibAsync(
        AddressFamily family, Func<IReadOnlyList<GoBgpPath>, bool> condition, TimeSpan timeout, string what = "the expected gobgpd RIB") =>
        WaitUntilAsync(() => GetRibAsync(family), condition, timeout, what, paths => string.Join('\n', paths));

    /// <summary>Polls <paramref name="query"/> until <paramref name="condition"/> holds; on timeout shows the last answer and gobgpd's log.</summary>
    public async Task<T> WaitUntilAsync<T>(Func<Task<T>> query, Func<T, bool> condition, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        try
        {
            return await Polling.WaitUntilAsync(query, condition, timeout, what, describe).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\ngobgpd log:\n{Process.Output}", e);
        }
    }

    /// <summary>Describes gobgpd and its log, for assertion messages.</summary>
    public string Describe() => Process.Describe();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Process.DisposeAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    private static string FamilyOf(IpPrefix prefix) => FamilyName(prefix.Family);

    private static string FamilyName(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => "ipv4",
        AddressFamily.InterNetworkV6 => "ipv6",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "IPv4 or IPv6 only"),
    };
}
