using System.Text;

namespace Gate64.Testing.Routing;

/// <summary>
/// BIRD 2 running inside a <see cref="NetworkNamespace"/> with the shipped router snippet
/// (<c>deploy/bird/bird.conf</c> including <c>deploy/bird/gate64.conf</c>) rendered with test values,
/// started as <c>bird -f -c CONF -s SOCK</c> and queried through <c>birdc -s SOCK</c> (the control
/// socket is a file, so birdc runs outside the namespace). The harness adds only a wrapper that logs
/// to stderr and prints times in full (<c>timeformat … iso long ms</c>) before including the
/// snippet. Disposing kills BIRD by PID and removes its directory.
/// </summary>
public sealed class BirdRouter : IAsyncDisposable
{
    public const string ConfigurationTemplate = "deploy/bird/bird.conf";
    public const string PolicyTemplate = "deploy/bird/gate64.conf";

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;
    private readonly string _birdc;
    private int _disposed;

    private BirdRouter(NetworkNamespace networkNamespace, UpstreamRouterSettings settings, TempDirectory directory, string birdc, ChildProcess process)
    {
        Namespace = networkNamespace;
        Settings = settings;
        _directory = directory;
        _birdc = birdc;
        Process = process;
    }

    public NetworkNamespace Namespace { get; }

    public UpstreamRouterSettings Settings { get; }

    /// <summary>The <c>bird -f</c> process; its <see cref="ChildProcess.Output"/> is BIRD's log.</summary>
    public ChildProcess Process { get; }

    public string DirectoryPath => _directory.FullPath;

    /// <summary>The control socket birdc talks to.</summary>
    public string SocketPath => _directory.Combine("bird.ctl");

    /// <summary>The wrapper config BIRD was started with (it includes the rendered snippet files beside it).</summary>
    public string ConfigurationPath => _directory.Combine("router.conf");

    /// <summary>
    /// Renders the shipped snippet with <paramref name="settings"/>, checks it with <c>bird -p</c>,
    /// starts BIRD in <paramref name="networkNamespace"/> and waits until it answers on its socket.
    /// </summary>
    /// <param name="networkNamespace">Where BIRD runs (the router).</param>
    /// <param name="settings">The values filled into the snippet's placeholders.</param>
    /// <param name="extraConfiguration">More BIRD config appended to the wrapper (e.g. a static protocol), or null.</param>
    public static async Task<BirdRouter> StartAsync(
        NetworkNamespace networkNamespace, UpstreamRouterSettings settings, string? extraConfiguration = null)
    {
        ArgumentNullException.ThrowIfNull(networkNamespace);
        ArgumentNullException.ThrowIfNull(settings);
        string bird = RequiredTool.Find("bird");
        string birdc = RequiredTool.Find("birdc");
        TempDirectory directory = TempDirectory.Create("bird");
        ChildProcess? process = null;
        try
        {
            string configuration = WriteConfiguration(directory, settings, extraConfiguration);
            ChildProcessResult parsed = await ChildProcess.RunAsync(bird, ["-p", "-c", configuration], s_commandTimeout).ConfigureAwait(false);
            if (parsed.ExitCode != 0)
            {
                throw new InvalidOperationException($"BIRD rejects the rendered snippet:\n{parsed}");
            }

            process = networkNamespace.Start(bird, ["-f", "-c", configuration, "-s", directory.Combine("bird.ctl")]);
            BirdRouter router = new(networkNamespace, settings, directory, birdc, process);
            await Polling.WaitUntilAsync(
                async () => await router.RunCommandAsync("show", "status").ConfigureAwait(false),
                status => status.Contains("Daemon is up and running", StringComparison.Ordinal),
                s_startTimeout,
                $"BIRD ready on {router.SocketPath} ({process.Describe()})").ConfigureAwait(false);
            return router;
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

    /// <summary>Writes router.conf (the harness wrapper), bird.conf and gate64.conf into <paramref name="directory"/>; returns router.conf's path.</summary>
    public static string WriteConfiguration(TempDirectory directory, UpstreamRouterSettings settings, string? extraConfiguration = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyDictionary<string, string> values = settings.ToTemplateValues();
        DeployTemplate.Load(ConfigurationTemplate).RenderTo(directory.Combine("bird.conf"), values, allowUnused: true);
        DeployTemplate.Load(PolicyTemplate).RenderTo(directory.Combine("gate64.conf"), values, allowUnused: true);
        StringBuilder wrapper = new();
        wrapper.Append("# Test harness wrapper around the shipped snippet (deploy/bird).\n");
        wrapper.Append("log stderr all;\n");
        wrapper.Append("timeformat protocol iso long ms;\n");
        wrapper.Append("timeformat route iso long ms;\n");
        wrapper.Append("include \"").Append(directory.Combine("bird.conf")).Append("\";\n");
        if (extraConfiguration is not null)
        {
            wrapper.Append(extraConfiguration).Append('\n');
        }

        string path = directory.Combine("router.conf");
        File.WriteAllText(path, wrapper.ToString());
        return path;
    }

    /// <summary>Runs <c>birdc -s SOCK WORDS…</c>; returns what it printed (without the "BIRD … ready." line), throws with BIRD's log on failure.</summary>
    public async Task<string> RunCommandAsync(params string[] words)
    {
        ChildProcessResult result = await ChildProcess.RunAsync(_birdc, ["-s", SocketPath, .. words], s_commandTimeout).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"birdc {string.Join(' ', words)} failed:\n{result}\nBIRD log:\n{Process.Output}");
        }

        return string.Join('\n', result.StandardOutput.Split('\n').Where(line => !line.StartsWith("BIRD ", StringComparison.Ordinal)));
    }

    /// <summary><c>show route all</c> (of one table, e.g. <c>master6</c>, or all of them).</summary>
    public async Task<IReadOnlyList<BirdRoute>> ShowRoutesAsync(string? table = null)
    {
        string[] command = table is null ? ["show", "route", "all"] : ["show", "route", "table", table, "all"];
        return BirdOutputParser.ParseRoutes(await RunCommandAsync(command).ConfigureAwait(false));
    }

    /// <summary>The number of networks per table (<c>show route count</c>), e.g. for 10,000 prefixes without parsing each.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountNetworksAsync() =>
        BirdOutputParser.ParseNetworkCounts(await RunCommandAsync("show", "route", "count").ConfigureAwait(false));

    /// <summary><c>show protocols</c>, including the dynamic BGP neighbours (<c>gate64_v4_1</c>, …).</summary>
    public async Task<IReadOnlyList<BirdProtocol>> ShowProtocolsAsync() =>
        BirdOutputParser.ParseProtocols(await RunCommandAsync("show", "protocols").ConfigureAwait(false));

    /// <summary><c>show protocols all NAME</c> as printed: session details, both sides' capabilities, channels.</summary>
    public Task<string> ShowProtocolDetailsAsync(string protocol) => RunCommandAsync("show", "protocols", "all", protocol);

    /// <summary>What <paramref name="protocol"/> received and what its import filter did with it.</summary>
    public async Task<BirdImportStats> ShowImportStatsAsync(string protocol) =>
        BirdOutputParser.ParseImportStats(await ShowProtocolDetailsAsync(protocol).ConfigureAwait(false));

    /// <summary>Polls <c>show route all</c> until <paramref name="condition"/> holds; returns those routes or throws with them and BIRD's log.</summary>
    public Task<IReadOnlyList<BirdRoute>> WaitForRoutesAsync(
        Func<IReadOnlyList<BirdRoute>, bool> condition, TimeSpan timeout, string what = "the expected BIRD routes") =>
        WaitUntilAsync(() => ShowRoutesAsync(), condition, timeout, what, routes => string.Join('\n', routes));

    /// <summary>Polls <c>show protocols</c> until <paramref name="condition"/> holds.</summary>
    public Task<IReadOnlyList<BirdProtocol>> WaitForProtocolsAsync(
        Func<IReadOnlyList<BirdProtocol>, bool> condition, TimeSpan timeout, string what = "the expected BIRD protocol states") =>
        WaitUntilAsync(ShowProtocolsAsync, condition, timeout, what, protocols => string.Join('\n', protocols));

    /// <summary>Waits until <paramref name="count"/> BGP sessions are Established; returns those protocols.</summary>
    public async Task<IReadOnlyList<BirdProtocol>> WaitForEstablishedAsync(int count, TimeSpan timeout)
    {
        IReadOnlyList<BirdProtocol> protocols = await WaitForProtocolsAsync(
            all => all.Count(p => p.IsEstablished) >= count, timeout, $"{count} established BGP session(s)").ConfigureAwait(false);
        return protocols.Where(p => p.IsEstablished).ToList();
    }

    /// <summary>
    /// Polls <paramref name="query"/> until <paramref name="condition"/> holds. On timeout the
    /// exception shows the last answer and BIRD's log.
    /// </summary>
    public async Task<T> WaitUntilAsync<T>(Func<Task<T>> query, Func<T, bool> condition, TimeSpan timeout, string what, Func<T, string>? describe = null)
    {
        try
        {
            return await Polling.WaitUntilAsync(query, condition, timeout, what, describe).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nBIRD log:\n{Process.Output}", e);
        }
    }

    /// <summary><c>reload in PROTOCOL</c>: BIRD asks the neighbour for its routes again (a ROUTE-REFRESH).</summary>
    public Task ReloadInAsync(string protocol) => RunCommandAsync("reload", "in", protocol);

    /// <summary><c>disable PROTOCOL</c>: a BGP session is closed with a Cease NOTIFICATION.</summary>
    public Task DisableProtocolAsync(string protocol) => RunCommandAsync("disable", protocol);

    /// <summary><c>enable PROTOCOL</c>.</summary>
    public Task EnableProtocolAsync(string protocol) => RunCommandAsync("enable", protocol);

    /// <summary><c>restart PROTOCOL</c>.</summary>
    public Task RestartProtocolAsync(string protocol) => RunCommandAsync("restart", protocol);

    /// <summary>The kernel routes BIRD installed in its namespace (<c>ip -n NS route show proto bird</c>, one line each).</summary>
    public async Task<IReadOnlyList<string>> KernelRoutesAsync(bool ipv6)
    {
        string output = await Namespace.IpAsync(ipv6 ? "-6" : "-4", "route", "show", "proto", "bird").ConfigureAwait(false);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Describes BIRD and its log, for assertion messages.</summary>
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
}
