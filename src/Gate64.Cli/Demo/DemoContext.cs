namespace Gate64.Cli.Demo;

/// <summary>What the steps work with: the names, the programs, the running platform, the narrator.</summary>
internal sealed class DemoContext
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(20);

    public DemoContext(DemoNames names, DemoToolPaths tools, DemoSupervisor supervisor, DemoNarrator narrator, DemoFiles files, CancellationToken cancellationToken)
    {
        Names = names;
        Tools = tools;
        Supervisor = supervisor;
        Narrator = narrator;
        Files = files;
        CancellationToken = cancellationToken;
    }

    public DemoNames Names { get; }

    public DemoToolPaths Tools { get; }

    public DemoSupervisor Supervisor { get; }

    public DemoNarrator Narrator { get; }

    public DemoFiles Files { get; }

    /// <summary>Fires on Ctrl-C or SIGTERM.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The IPv4-only web server, whose access log shows who connected.</summary>
    public DemoProcess? WebServer { get; set; }

    /// <summary><c>birdc -s SOCKET WORDS…</c>, run here: the control socket is a file.</summary>
    public Task<DemoCommandResult> BirdcAsync(params string[] words) =>
        Supervisor.RunHereAsync(Tools.Birdc, ["-s", Files.BirdSocket, .. words], s_commandTimeout, CancellationToken);

    /// <summary>Runs <paramref name="program"/> inside <paramref name="role"/>'s namespace.</summary>
    public Task<DemoCommandResult> RunInAsync(DemoRole role, string program, params string[] arguments) =>
        Supervisor.RunInAsync(role, program, arguments, s_commandTimeout, CancellationToken);

    /// <summary>Runs <c>gate64 ARGS…</c> inside <paramref name="role"/>'s namespace.</summary>
    public Task<DemoCommandResult> Gate64InAsync(DemoRole role, IReadOnlyList<string> arguments) =>
        Supervisor.RunGate64InAsync(role, arguments, s_commandTimeout, CancellationToken);

    /// <summary>
    /// Runs <paramref name="query"/> until <paramref name="done"/> holds or <paramref name="timeout"/>
    /// passes; returns the last result either way (the caller narrates it and judges).
    /// </summary>
    public async Task<DemoCommandResult> PollAsync(Func<Task<DemoCommandResult>> query, Func<DemoCommandResult, bool> done, TimeSpan timeout)
    {
        System.Diagnostics.Stopwatch elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            DemoCommandResult result = await query().ConfigureAwait(false);
            if (done(result) || elapsed.Elapsed > timeout)
            {
                return result;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken).ConfigureAwait(false);
        }
    }
}
