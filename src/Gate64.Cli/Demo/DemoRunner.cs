using System.Diagnostics;
using System.Globalization;

namespace Gate64.Cli.Demo;

/// <summary>
/// Runs <c>gate64 demo</c>: checks the prerequisites, builds the topology, starts the platform, runs
/// the five narrated steps, prints the summary and removes everything it made: on success, failure,
/// exception and Ctrl-C or SIGTERM alike. Exit code 0 only when every step passed.
/// </summary>
internal sealed class DemoRunner
{
    public const int Failed = 1;

    /// <summary>The exit code after Ctrl-C (SIGINT), as a shell reports it; SIGTERM gives 143, SIGHUP 129.</summary>
    public const int Interrupted = 130;

    /// <summary>How long the process may wait at exit for the cleanup to finish.</summary>
    private static readonly TimeSpan s_exitWait = TimeSpan.FromSeconds(90);

    private readonly DemoOptions _options;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public DemoRunner(DemoOptions options, TextWriter output, TextWriter error)
    {
        _options = options;
        _output = output;
        _error = error;
    }

    /// <summary>The steps, in the order they are narrated.</summary>
    public static IReadOnlyList<IDemoStep> Steps { get; } =
        [new BgpRoutesStep(), new Nat64Step(), new IngressStep(), new RefusalStep(), new MoveStep()];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems = DemoPrerequisites.Check(out DemoToolPaths? tools, out string? snippetFolder);
        if (problems.Count > 0)
        {
            foreach (string problem in problems)
            {
                await _error.WriteLineAsync(problem).ConfigureAwait(false);
            }
            return Failed;
        }
        if (_options.Clean)
        {
            return await CleanLeftoversAsync(tools!.Ip).ConfigureAwait(false);
        }

        using DemoInterrupts interrupts = new(cancellationToken, _error);
        cancellationToken = interrupts.Token;
        // Not cancellable: it is quick, and nothing exists yet that a signal would need removed.
        DemoNames names = await FreeNamesAsync(tools!.Ip).ConfigureAwait(false);
        // Inherited by every child: the cleanup (and gate64 demo --clean) finds them by it.
        Environment.SetEnvironmentVariable(DemoNames.EnvironmentMarker, names.Tag);
        DemoNarrator narrator = new(_output);
        DemoCleanup cleanup = new(tools.Ip, names.Tag);
        DemoSupervisor supervisor = new(names, tools);

        // Should the command line ever end the process while the action still runs (System.CommandLine
        // does so after its ProcessTerminationTimeout, when one is set), it exits only once this cleanup is done.
        TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler waitForCleanup = (_, _) => finished.Task.Wait(s_exitWait);
        AppDomain.CurrentDomain.ProcessExit += waitForCleanup;
        try
        {
            int exitCode = await RunPlatformAsync(names, tools, snippetFolder!, narrator, cleanup, supervisor, cancellationToken).ConfigureAwait(false);
            return exitCode == Interrupted ? interrupts.ExitCode : exitCode;
        }
        finally
        {
            try
            {
                await CleanUpAsync(narrator, cleanup, supervisor, names).ConfigureAwait(false);
            }
            finally
            {
                finished.TrySetResult();
                AppDomain.CurrentDomain.ProcessExit -= waitForCleanup;
            }
        }
    }

    private async Task<int> RunPlatformAsync(
        DemoNames names, DemoToolPaths tools, string snippetFolder, DemoNarrator narrator, DemoCleanup cleanup, DemoSupervisor supervisor,
        CancellationToken cancellationToken)
    {
        List<DemoStepResult> results = [];
        try
        {
            Introduce(narrator, names);
            narrator.Section("Building the platform");
            string root = Path.Combine(Path.GetTempPath(), names.TempFolderName);
            if (Directory.Exists(root))
            {
                throw new DemoSetupException($"{root} exists already; it belongs to another demo");
            }
            Directory.CreateDirectory(root);
            cleanup.AddTempFolder(root);
            DemoFiles files = DemoFiles.Write(root, snippetFolder);

            Stopwatch building = Stopwatch.StartNew();
            await new DemoTopology(names, tools, cleanup, cancellationToken).BuildAsync().ConfigureAwait(false);
            narrator.Check(true, $"{names.Namespaces.Count} network namespaces {DemoNames.Prefix}{names.Tag}-{{{string.Join(',', Enum.GetValues<DemoRole>().Select(DemoNames.RoleName))}}}");
            narrator.Check(true, "veth links from the router to the gateway, host A, host B, the client and the web server; forwarding on");
            narrator.Check(true, $"BIRD config rendered from {Path.Combine(snippetFolder, RouterSnippet.ConfigurationFile)} and {RouterSnippet.PolicyFile} into {root}");
            DemoContext context = new(names, tools, supervisor, narrator, files, cancellationToken);
            await DemoPlatform.StartAsync(context).ConfigureAwait(false);
            narrator.Say($"(built in {DemoSummaryTable.FormatTime(building.Elapsed)})");

            for (int i = 0; i < Steps.Count; i++)
            {
                if (_options.Pause)
                {
                    await WaitForEnterAsync(narrator, i + 1, cancellationToken).ConfigureAwait(false);
                }
                results.Add(await RunStepAsync(i + 1, Steps[i], context).ConfigureAwait(false));
            }
            narrator.Section("Summary");
            narrator.Line(DemoSummaryTable.Render([.. Steps.Select(s => s.Title)], results).TrimEnd('\n'));
            bool allPassed = results.Count == Steps.Count && results.All(r => r.Passed);
            if (!allPassed)
            {
                ShowServiceLogs(narrator, supervisor);
            }
            if (_options.Keep)
            {
                await KeepRunningAsync(narrator, names, files, cancellationToken).ConfigureAwait(false);
            }
            return allPassed ? 0 : Failed;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: whatever broke off (a wait, a child stopped by the same Ctrl-C) is no failure.
            narrator.Section("Interrupted");
            if (results.Count > 0)
            {
                narrator.Line(DemoSummaryTable.Render([.. Steps.Select(s => s.Title)], results).TrimEnd('\n'));
            }
            narrator.Say("Stopping; removing everything the demo made.");
            return Interrupted;
        }
        catch (Exception exception) when (
            exception is DemoSetupException or InvalidOperationException or IOException or UnauthorizedAccessException &&
            !cancellationToken.IsCancellationRequested)
        {
            narrator.Check(false, "the platform could not be built:");
            narrator.Command("", exception.Message, maxLines: 30);
            return Failed;
        }
    }

    /// <summary>
    /// Holds the demo until the presenter presses Enter; a Ctrl-C meanwhile interrupts the demo at
    /// once. At the end of input it goes on.
    /// </summary>
    private static async Task WaitForEnterAsync(DemoNarrator narrator, int step, CancellationToken cancellationToken)
    {
        narrator.Say($"Press Enter for step {step.ToString(CultureInfo.InvariantCulture)} of {Steps.Count.ToString(CultureInfo.InvariantCulture)} (Ctrl-C ends the demo and removes everything).");
        // Console.In reads synchronously even through ReadLineAsync: on a thread of its own (not one of the
        // pool's, which a read that never returns would hold for good), the wait stays cancellable.
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread reader = new(() =>
        {
            try
            {
                Console.In.ReadLine();
            }
            finally
            {
                entered.TrySetResult();
            }
        })
        { IsBackground = true, Name = "demo pause" };
        reader.Start();
        await entered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DemoStepResult> RunStepAsync(int number, IDemoStep step, DemoContext context)
    {
        context.Narrator.Section($"Step {number.ToString(CultureInfo.InvariantCulture)} of {Steps.Count.ToString(CultureInfo.InvariantCulture)}: {step.Title}");
        Stopwatch elapsed = Stopwatch.StartNew();
        try
        {
            bool passed = await step.RunAsync(context).ConfigureAwait(false);
            return new DemoStepResult(number, step.Title, passed, elapsed.Elapsed, passed ? "" : "a check failed");
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or TimeoutException)
        {
            context.Narrator.Check(false, $"the step broke off: {exception.Message}");
            return new DemoStepResult(number, step.Title, false, elapsed.Elapsed, exception.Message);
        }
    }

    private static void Introduce(DemoNarrator narrator, DemoNames names)
    {
        narrator.Line($"gate64 demo: an IPv4 gateway for IPv6-only hosting, built in network namespaces on this machine (tag {names.Tag}).");
        narrator.Line();
        narrator.Line("   IPv4 internet                            IPv6-only hosting (AS 65001)");
        narrator.Line($"   client {DemoAddresses.ClientAddress} ──┐              ┌── gateway  dns64 · nat64 · ingress · bgp");
        narrator.Line($"                         ├── router ────┼── host A   bgp ──┬─ wl1 {DemoAddresses.Workload1}  https://{DemoAddresses.SiteName}/");
        narrator.Line($"   web    {DemoAddresses.WebAddress} ──┘   BIRD       │                  └─ wl2 {DemoAddresses.Workload2}");
        narrator.Line("                             AS 65000   └── host B   bgp");
        narrator.Line();
        narrator.Line($"'[ROLE] $ COMMAND' runs COMMAND in the namespace {DemoNames.Prefix}{names.Tag}-ROLE (ip netns exec); 'gate64' is this program.");
        narrator.Line("Only documentation addresses are used, and no namespace has a way out of the demo.");
    }

    private static void ShowServiceLogs(DemoNarrator narrator, DemoSupervisor supervisor)
    {
        narrator.Section("The services' last log lines (a step failed)");
        foreach (DemoProcess process in supervisor.Running)
        {
            string state = process.HasExited ? $" (exited with code {process.ExitCode?.ToString(CultureInfo.InvariantCulture)})" : "";
            narrator.Command($"{process.Label}{state}:", string.Join('\n', process.OutputLines.TakeLast(6)), maxLines: 7);
        }
    }

    private static async Task KeepRunningAsync(DemoNarrator narrator, DemoNames names, DemoFiles files, CancellationToken cancellationToken)
    {
        narrator.Section("Kept running (--keep)");
        narrator.Say("Explore it, for example:");
        narrator.Say($"  ip netns exec {names.Namespace(DemoRole.Workload2)} curl http://{DemoAddresses.Ipv4OnlyName}/");
        narrator.Say($"  ip netns exec {names.Namespace(DemoRole.Client)} curl -k --resolve {DemoAddresses.SiteName}:443:{DemoAddresses.IngressAddress} https://{DemoAddresses.SiteName}/");
        narrator.Say($"  ip netns exec {names.Namespace(DemoRole.Router)} ip -6 route");
        narrator.Say($"  birdc -s {files.BirdSocket} show protocols");
        narrator.Say($"  ip netns exec {names.Namespace(DemoRole.Client)} curl --resolve {DemoAddresses.NoAaaaName}:80:{DemoAddresses.IngressAddress} http://{DemoAddresses.NoAaaaName}/");
        narrator.Say("Press Ctrl-C (or send SIGTERM) to stop it and remove everything it made.");
        narrator.Say("If this process is killed outright, 'gate64 demo --clean' removes what is left.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked for: the steps' verdict stands.
        }
    }

    private async Task CleanUpAsync(DemoNarrator narrator, DemoCleanup cleanup, DemoSupervisor supervisor, DemoNames names)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        DemoCleanupReport report = await cleanup.RunAsync(supervisor).ConfigureAwait(false);
        narrator.Section("Cleanup");
        narrator.Check(report.Complete,
            $"stopped {report.ProcessesStopped.ToString(CultureInfo.InvariantCulture)} processes, removed {report.NamespacesRemoved.ToString(CultureInfo.InvariantCulture)} namespaces " +
            $"with their interfaces, and the temp files ({DemoSummaryTable.FormatTime(elapsed.Elapsed)})");
        foreach (string problem in report.Problems)
        {
            narrator.Check(false, problem);
        }
        if (!report.Complete)
        {
            try
            {
                await _error.WriteLineAsync($"gate64 demo: cleanup of {DemoNames.Prefix}{names.Tag} was incomplete; 'gate64 demo --clean' retries it.").ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Nobody to tell.
            }
        }
    }

    private async Task<int> CleanLeftoversAsync(string ip)
    {
        DemoCleanupReport report = await DemoCleanup.RemoveLeftoversAsync(ip).ConfigureAwait(false);
        await _output.WriteLineAsync(
            $"gate64 demo --clean: removed {report.NamespacesRemoved.ToString(CultureInfo.InvariantCulture)} namespaces, killed {report.ProcessesStopped.ToString(CultureInfo.InvariantCulture)} processes.")
            .ConfigureAwait(false);
        foreach (string problem in report.Problems)
        {
            await _error.WriteLineAsync($"gate64 demo --clean: {problem}").ConfigureAwait(false);
        }
        return report.Complete ? 0 : Failed;
    }

    /// <summary>A tag no namespace uses yet (another demo may be running).</summary>
    private static async Task<DemoNames> FreeNamesAsync(string ip)
    {
        DemoCommandResult listed = await DemoProcess.RunAsync("ip netns list", ip, ["netns", "list"], TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
        while (true)
        {
            DemoNames names = DemoNames.Create(DemoNames.NewTag());
            if (!listed.StandardOutput.Contains(DemoNames.Prefix + names.Tag, StringComparison.Ordinal) &&
                !Directory.Exists(Path.Combine(Path.GetTempPath(), names.TempFolderName)))
            {
                return names;
            }
        }
    }
}
