using System.CommandLine;
using Gate64.Links;
using Gate64.Platform.Netlink;
using Gate64.Protocols.Ip;

namespace Gate64.Cli.Commands;

/// <summary>
/// <c>gate64 link up|down|routes</c>: a workload's routed point-to-point link (docs/links.md). Exit codes: 0 done
/// (including "already up" and "not present"), 1 it could not be done, 2 usage error.
/// </summary>
internal static class LinkCommand
{
    private const int Failed = 1;

    public static Command Create() =>
        new("link", "Make or remove a workload's routed point-to-point link: a veth pair into a network namespace (Linux) or an epair into a VNET jail (FreeBSD), with host routes marked as Gate64's (route protocol 64) for the BGP speaker.")
        {
            CreateUp(),
            CreateDown(),
            CreateRoutes(),
        };

    private static Command CreateUp()
    {
        Argument<string> name = new("NAME") { Description = "The host end's interface name: 1 to 15 letters, digits, '_', '.' or '-'." };
        Option<string?> netns = new("--netns") { Description = "Linux: the network namespace (ip netns) the workload end goes into, as eth0.", HelpName = "NS" };
        Option<string?> jail = new("--jail") { Description = "FreeBSD: the VNET jail the workload end goes into.", HelpName = "JAIL" };
        Option<string> ipv6 = new("--ipv6") { Description = "The workload's IPv6 address (a /128, global unicast).", HelpName = "ADDR", Required = true };
        Option<string?> ipv4 = new("--ipv4") { Description = "The workload's IPv4 address (a /32), if it needs one.", HelpName = "ADDR" };
        Option<bool> dryRun = DryRunOption();
        Option<LinkPlatform?> platform = PlatformOption();
        Command command = new("up", "Make the link (or report 'already up' when it exists exactly like this); a half-made link is rolled back.")
        {
            name, netns, jail, ipv6, ipv4, dryRun, platform,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            string? netnsName = parseResult.GetValue(netns);
            string? jailName = parseResult.GetValue(jail);
            if ((netnsName is null) == (jailName is null))
            {
                return await UsageAsync(error, "give exactly one of --netns NS (Linux) and --jail JAIL (FreeBSD).").ConfigureAwait(false);
            }
            LinkTarget target = netnsName is not null ? LinkTarget.NetworkNamespace(netnsName) : LinkTarget.Jail(jailName!);
            bool dry = parseResult.GetValue(dryRun);
            if (ChoosePlatform(parseResult.GetValue(platform)) is not { } chosen)
            {
                return await UsageAsync(error, PlatformProblem()).ConfigureAwait(false);
            }
            if (chosen == LinkPlatform.Linux && target.Kind == LinkTargetKind.Jail)
            {
                return await UsageAsync(error, "--jail is for FreeBSD; on Linux the workload end goes into a network namespace: give --netns NS.").ConfigureAwait(false);
            }
            if (chosen == LinkPlatform.FreeBsd && target.Kind == LinkTargetKind.NetworkNamespace)
            {
                return await UsageAsync(error, "--netns is for Linux; on FreeBSD the workload end goes into a VNET jail: give --jail JAIL.").ConfigureAwait(false);
            }
            if (!LinkSpec.TryCreate(parseResult.GetValue(name) ?? "", target, parseResult.GetValue(ipv6) ?? "", parseResult.GetValue(ipv4), out LinkSpec? spec, out IReadOnlyList<string> errors))
            {
                foreach (string problem in errors)
                {
                    await error.WriteLineAsync($"gate64 link up: {problem}").ConfigureAwait(false);
                }
                return GateCommandLine.UsageErrorExitCode;
            }
            if (dry)
            {
                return await PrintAsync(output, LinkManagers.PlanUp(chosen, spec), cancellationToken).ConfigureAwait(false);
            }
            if (await NotRunnableAsync(error, chosen).ConfigureAwait(false) is { } code)
            {
                return code;
            }
            LinkOutcome outcome = await LinkManagers.For(chosen, new ProcessCommandRunner()).UpAsync(spec, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(output, error, outcome).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateDown()
    {
        Argument<string> name = new("NAME") { Description = "The host end's interface name, as given to 'link up'." };
        Option<bool> dryRun = DryRunOption();
        Option<LinkPlatform?> platform = PlatformOption();
        Command command = new("down", "Remove the link and everything 'up' made (deleting the host end deletes both ends and the routes through it; the jail or namespace is not needed). 'not present' is success. Only ever deletes an interface marked as a Gate64 link.")
        {
            name, dryRun, platform,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            string linkName = parseResult.GetValue(name) ?? "";
            if (LinkValidation.InterfaceNameError(linkName) is { } nameError)
            {
                return await UsageAsync(error, nameError).ConfigureAwait(false);
            }
            bool dry = parseResult.GetValue(dryRun);
            if (ChoosePlatform(parseResult.GetValue(platform)) is not { } chosen)
            {
                return await UsageAsync(error, PlatformProblem()).ConfigureAwait(false);
            }
            if (dry)
            {
                return await PrintAsync(output, LinkManagers.PlanDown(chosen, linkName), cancellationToken).ConfigureAwait(false);
            }
            if (await NotRunnableAsync(error, chosen).ConfigureAwait(false) is { } code)
            {
                return code;
            }
            LinkOutcome outcome = await LinkManagers.For(chosen, new ProcessCommandRunner()).DownAsync(linkName, cancellationToken).ConfigureAwait(false);
            return await ReportAsync(output, error, outcome).ConfigureAwait(false);
        });
        return command;
    }

    private static Command CreateRoutes()
    {
        Option<bool> watch = new("--watch") { Description = "Keep watching: print the whole set again, on one line, after every change (until interrupted)." };
        Option<string?> netns = new("--netns") { Description = "Look at this network namespace's table instead of this one's.", HelpName = "NS" };
        Command command = new("routes", $"Print the host routes marked as Gate64's (main table, route protocol {OwnedRoutes.ProtocolNumber}): what the BGP speaker announces. Linux only.")
        {
            watch, netns,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            string? ns = parseResult.GetValue(netns);
            if (ns is not null && LinkValidation.TargetNameError(LinkTarget.NetworkNamespace(ns)) is { } nsError)
            {
                return await UsageAsync(error, nsError).ConfigureAwait(false);
            }
            if (!OperatingSystem.IsLinux())
            {
                await error.WriteLineAsync("gate64 link routes: the kernel's routes are watched over rtnetlink, which only Linux has.").ConfigureAwait(false);
                return Failed;
            }
            bool keepWatching = parseResult.GetValue(watch);
            NetlinkOwnedRouteSource source = new(ns);
            try
            {
                await foreach (IReadOnlySet<IpPrefix> routes in source.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!keepWatching)
                    {
                        foreach (IpPrefix route in OwnedRouteText.Sorted(routes))
                        {
                            await output.WriteLineAsync(route.ToString()).ConfigureAwait(false);
                        }
                        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                        return 0;
                    }
                    await output.WriteLineAsync(OwnedRouteText.Line([.. routes])).ConfigureAwait(false);
                    await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                return 0;
            }
            catch (IOException exception)
            {
                await error.WriteLineAsync($"gate64 link routes: {exception.Message}").ConfigureAwait(false);
                return Failed;
            }
        });
        return command;
    }

    private static Option<bool> DryRunOption() => new("--dry-run")
    {
        Description = "Print the commands, one per line as shell text, instead of running them (nothing is looked at or changed).",
    };

    private static Option<LinkPlatform?> PlatformOption() => new("--platform")
    {
        Description = "The system to plan for: linux or freebsd (default: the running one). Only --dry-run plans for another one.",
        HelpName = "linux|freebsd",
        CustomParser = LinkOptionParsers.Platform,
    };

    private static LinkPlatform? ChoosePlatform(LinkPlatform? given) => given ?? LinkManagers.Running();

    private static string PlatformProblem() =>
        "links are made on Linux and FreeBSD, and this is neither; use --dry-run --platform linux|freebsd to see a plan.";

    /// <summary>A usage error when the plan is for another system than the running one.</summary>
    private static async Task<int?> NotRunnableAsync(TextWriter error, LinkPlatform chosen)
    {
        LinkPlatform? running = LinkManagers.Running();
        if (running == chosen)
        {
            return null;
        }
        string here = running is { } platform ? LinkOptionParsers.PlatformName(platform) : "this system";
        return await UsageAsync(error, $"a {LinkOptionParsers.PlatformName(chosen)} plan cannot run on {here}; add --dry-run to print it.").ConfigureAwait(false);
    }

    private static async Task<int> PrintAsync(TextWriter output, LinkPlan plan, CancellationToken cancellationToken)
    {
        foreach (string line in plan.RenderLines())
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> ReportAsync(TextWriter output, TextWriter error, LinkOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            await output.WriteLineAsync(outcome.Message).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        await error.WriteLineAsync($"gate64: {outcome.Message}").ConfigureAwait(false);
        return Failed;
    }

    private static async Task<int> UsageAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"gate64 link: {message}").ConfigureAwait(false);
        return GateCommandLine.UsageErrorExitCode;
    }
}
