using System.Net.Sockets;

namespace Gate64.Testing.Routing;

/// <summary>
/// FRR's <c>bgpd</c> inside a <see cref="NetworkNamespace"/> running the shipped snippet
/// (<c>deploy/frr/gate64.conf</c>) rendered with test values, queried through
/// <c>vtysh --vty_socket DIR -d bgpd</c>. It runs without zebra (<c>-Z</c>): nothing reaches the
/// kernel, and next hops count as reachable. It runs as root (<c>-S</c>), with its vty socket
/// and pid file in a temp directory, and no TCP vty (<c>-P 0</c>). Disposing kills it by PID and
/// removes the directory.
/// </summary>
public sealed class FrrRouter : IAsyncDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;
    private readonly string _vtysh;
    private int _disposed;

    private FrrRouter(NetworkNamespace networkNamespace, string configuration, TempDirectory directory, string vtysh, ChildProcess process)
    {
        Namespace = networkNamespace;
        Configuration = configuration;
        _directory = directory;
        _vtysh = vtysh;
        Process = process;
    }

    public NetworkNamespace Namespace { get; }

    /// <summary>The rendered snippet bgpd runs with.</summary>
    public string Configuration { get; }

    /// <summary>The bgpd process; its <see cref="ChildProcess.Output"/> is bgpd's log.</summary>
    public ChildProcess Process { get; }

    /// <summary>Renders the shipped snippet with <paramref name="settings"/>, starts bgpd in <paramref name="networkNamespace"/> and waits until vtysh reaches it.</summary>
    public static async Task<FrrRouter> StartAsync(NetworkNamespace networkNamespace, UpstreamRouterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(settings);
        string bgpd = RequiredTool.Find(FrrSnippet.BgpdPath);
        string vtysh = RequiredTool.Find("vtysh");
        TempDirectory directory = TempDirectory.Create("frr");
        ChildProcess? process = null;
        try
        {
            string configuration = FrrSnippet.Render(settings);
            string path = directory.Combine("frr.conf");
            await File.WriteAllTextAsync(path, configuration).ConfigureAwait(false);
            process = networkNamespace.Start(
                bgpd,
                ["-Z", "-S", "-f", path, "-i", directory.Combine("bgpd.pid"), "--vty_socket", directory.FullPath, "-P", "0", "--log", "stdout"]);
            FrrRouter router = new(networkNamespace, configuration, directory, vtysh, process);
            await router.WaitUntilAsync(
                async () => await router.RunCommandAsync("show bgp summary json").ConfigureAwait(false),
                _ => true,
                s_startTimeout,
                "bgpd answering vtysh").ConfigureAwait(false);
            return router;
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync().ConfigureAwait(false);
                FrrSnippet.RemoveScratchDirectory(process.Id);
            }

            directory.Dispose();
            throw;
        }
    }

    /// <summary>Runs one vtysh command against this bgpd; returns what it printed, throws with bgpd's log on failure.</summary>
    public async Task<string> RunCommandAsync(string command)
    {
        ChildProcessResult result = await ChildProcess.RunAsync(
            _vtysh, ["--vty_socket", _directory.FullPath, "-d", "bgpd", "-c", command], s_commandTimeout).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"vtysh -c '{command}' failed:\n{result}\nbgpd log:\n{Process.Output}");
        }

        return result.StandardOutput;
    }

    /// <summary><c>show bgp summary json</c>: the neighbours per address family.</summary>
    public async Task<IReadOnlyList<FrrPeer>> ShowPeersAsync() =>
        FrrJsonParser.ParseSummary(await RunCommandAsync("show bgp summary json").ConfigureAwait(false));

    /// <summary><c>show bgp ipv4|ipv6 unicast json</c>: the paths bgpd accepted.</summary>
    public async Task<IReadOnlyList<FrrRoute>> ShowRoutesAsync(AddressFamily family) =>
        FrrJsonParser.ParseRoutes(await RunCommandAsync(family switch
        {
            AddressFamily.InterNetwork => "show bgp ipv4 unicast json",
            AddressFamily.InterNetworkV6 => "show bgp ipv6 unicast json",
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "IPv4 or IPv6 only"),
        }).ConfigureAwait(false));

    /// <summary>Waits until <paramref name="count"/> neighbour sessions (one per family) are Established.</summary>
    public async Task<IReadOnlyList<FrrPeer>> WaitForEstablishedAsync(int count, TimeSpan timeout)
    {
        IReadOnlyList<FrrPeer> peers = await WaitUntilAsync(
            ShowPeersAsync, all => all.Count(p => p.IsEstablished) >= count, timeout, $"{count} established FRR session(s)", all => string.Join('\n', all))
            .ConfigureAwait(false);
        return peers.Where(p => p.IsEstablished).ToList();
    }

    /// <summary>Polls the paths of <paramref name="family"/> until <paramref name="condition"/> holds.</summary>
    public Task<IReadOnlyList<FrrRoute>> WaitForRoutesAsync(
        AddressFamily family, Func<IReadOnlyList<FrrRoute>, bool> condition, TimeSpan timeout, string what = "the expected FRR routes") =>
        WaitUntilAsync(() => ShowRoutesAsync(family), condition, timeout, what, routes => string.Join('\n', routes));

    /// <summary>Polls <paramref name="query"/> until <paramref name="condition"/> holds; on timeout shows the last answer and bgpd's log.</summary>
    public async Task<T> WaitUntilAsync<T>(Func<Task<T>> query, Func<T, bool> condition, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        try
        {
            return await Polling.WaitUntilAsync(query, condition, timeout, what, describe).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nbgpd log:\n{Process.Output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Process.DisposeAsync().ConfigureAwait(false);
        FrrSnippet.RemoveScratchDirectory(Process.Id);
        _directory.Dispose();
    }
}
