namespace Gate64.Cli.Demo;

/// <summary>
/// Starts and stops the demo's children. Everything that belongs to a machine runs inside its
/// namespace as <c>ip netns exec NS PROGRAM …</c>, which execs the program (the PID stays the
/// program's); gate64 itself is this very executable (<see cref="SelfExecutable"/>). Long-running
/// children are remembered and stopped by PID, SIGTERM then SIGKILL.
/// </summary>
internal sealed class DemoSupervisor
{
    private static readonly IReadOnlyDictionary<string, string> s_dotnetEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    private readonly DemoNames _names;
    private readonly DemoToolPaths _tools;
    private readonly Lock _gate = new();
    private readonly List<DemoProcess> _running = [];

    public DemoSupervisor(DemoNames names, DemoToolPaths tools)
    {
        _names = names;
        _tools = tools;
    }

    /// <summary>The long-running children started so far, in start order.</summary>
    public IReadOnlyList<DemoProcess> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. _running];
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> inside <paramref name="role"/>'s namespace and keeps it until <see cref="StopAllAsync"/>.</summary>
    public DemoProcess StartIn(DemoRole role, string label, string program, IReadOnlyList<string> arguments)
    {
        string display = DemoCommandLine.InNamespace(role, [Path.GetFileName(program), .. arguments]);
        return Track(DemoProcess.Start(label, display, _tools.Ip, ["netns", "exec", _names.Namespace(role), program, .. arguments]));
    }

    /// <summary>Starts <c>gate64 ARGS…</c> inside <paramref name="role"/>'s namespace.</summary>
    public DemoProcess StartGate64In(DemoRole role, string label, IReadOnlyList<string> arguments)
    {
        string display = DemoCommandLine.InNamespace(role, ["gate64", .. arguments]);
        IReadOnlyList<string> wrapped = ["netns", "exec", _names.Namespace(role), _tools.Gate64.FileName, .. _tools.Gate64.Arguments(arguments)];
        return Track(DemoProcess.Start(label, display, _tools.Ip, wrapped, s_dotnetEnvironment));
    }

    /// <summary>Runs <paramref name="program"/> inside <paramref name="role"/>'s namespace to completion.</summary>
    public Task<DemoCommandResult> RunInAsync(
        DemoRole role, string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string display = DemoCommandLine.InNamespace(role, [Path.GetFileName(program), .. arguments]);
        return DemoProcess.RunAsync(display, _tools.Ip, ["netns", "exec", _names.Namespace(role), program, .. arguments], timeout, cancellationToken);
    }

    /// <summary>Runs <c>gate64 ARGS…</c> inside <paramref name="role"/>'s namespace to completion.</summary>
    public Task<DemoCommandResult> RunGate64InAsync(
        DemoRole role, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string display = DemoCommandLine.InNamespace(role, ["gate64", .. arguments]);
        IReadOnlyList<string> wrapped = ["netns", "exec", _names.Namespace(role), _tools.Gate64.FileName, .. _tools.Gate64.Arguments(arguments)];
        return DemoProcess.RunAsync(display, _tools.Ip, wrapped, timeout, cancellationToken, s_dotnetEnvironment);
    }

    /// <summary>Runs <paramref name="program"/> here, in the demo's own namespace (birdc talks to BIRD over its socket file).</summary>
    public Task<DemoCommandResult> RunHereAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        DemoProcess.RunAsync(DemoCommandLine.Here([Path.GetFileName(program), .. arguments]), program, arguments, timeout, cancellationToken);

    /// <summary>Stops every long-running child at once (SIGTERM, SIGKILL after <paramref name="grace"/>); returns how many were still running.</summary>
    public async Task<int> StopAllAsync(TimeSpan grace)
    {
        DemoProcess[] processes;
        lock (_gate)
        {
            processes = [.. _running];
            _running.Clear();
        }
        int running = processes.Count(p => !p.HasExited);
        await Task.WhenAll(processes.Select(p => p.StopAsync(grace))).ConfigureAwait(false);
        foreach (DemoProcess process in processes)
        {
            process.Dispose();
        }
        return running;
    }

    private DemoProcess Track(DemoProcess process)
    {
        lock (_gate)
        {
            _running.Add(process);
        }
        return process;
    }
}
