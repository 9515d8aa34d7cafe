using System.CommandLine;
using Gate64.Cli.Demo;

namespace Gate64.Cli.Commands;

/// <summary>
/// <c>gate64 demo</c>: the whole platform in network namespaces on this machine, narrated step by step
/// with real commands, then removed (docs/demo.md). Exit codes: 0 every step passed, 1 a step failed or
/// the demo could not run (one line per missing prerequisite), 130 (SIGINT), 143 (SIGTERM) or 129 (SIGHUP)
/// interrupted after removing everything, 2 usage error.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        Option<bool> keep = new("--keep")
        {
            Description = "After the summary, leave the platform running for exploration until Ctrl-C (then it is removed).",
        };
        Option<bool> clean = new("--clean")
        {
            Description = "Only remove what earlier demos left behind (g64demo-* namespaces, their processes and files), e.g. after a kill -9.",
        };
        Option<bool> pause = new("--pause")
        {
            Description = "Wait for Enter before each step, for presenting the demo to an audience.",
        };
        Command command = new("demo",
            "Build the platform in network namespaces on this machine (an IPv4 client, an IPv4-only web server, a BIRD router, " +
            "the gateway, two hosts with IPv6-only workloads), show it working step by step with real commands, and remove " +
            "everything it made, also on Ctrl-C. Needs root, ip, bird2, unbound, python3, curl and dig.")
        {
            keep, pause, clean,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            DemoOptions options = new() { Keep = parseResult.GetValue(keep), Pause = parseResult.GetValue(pause), Clean = parseResult.GetValue(clean) };
            if (options.Clean && (options.Keep || options.Pause))
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"gate64 demo: {(options.Keep ? "--keep" : "--pause")} and --clean do not go together.").ConfigureAwait(false);
                return GateCommandLine.UsageErrorExitCode;
            }
            DemoRunner runner = new(options, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
            return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
