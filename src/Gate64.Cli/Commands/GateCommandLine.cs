using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Gate64.Cli.Commands;

/// <summary>Builds the <c>gate64</c> command tree (the CLI contract in shared/DESIGN.md).</summary>
internal static class GateCommandLine
{
    public static RootCommand Create()
    {
        RootCommand root = new("Gate64: the IPv4 gateway for IPv6-only hosting (ingress, DNS64, NAT64, routed links, BGP).")
        {
            RunCommand.Create(),
            IngressCommand.Create(),
            Dns64Command.Create(),
            Nat64Command.Create(),
            CheckCommand.Create(),
            BgpCommand.Create(),
            LinkCommand.Create(),
            DemoCommand.Create(),
        };
        return root;
    }

    /// <summary>
    /// Parses and runs. Usage errors exit with 2 for every command, so that 1 keeps meaning
    /// "ran and failed" (for <c>check</c>: "ingress will not work").
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        ParseResult parseResult = Create().Parse(args);
        if (parseResult.Errors.Count == 0 || parseResult.Action is HelpAction)
        {
            return await parseResult.InvokeAsync(configuration).ConfigureAwait(false);
        }
        foreach (ParseError error in parseResult.Errors)
        {
            await configuration.Error.WriteLineAsync($"gate64: {error.Message}").ConfigureAwait(false);
        }
        string usage = $"{CommandPath(parseResult.CommandResult)} --help";
        await configuration.Error.WriteLineAsync($"See '{usage}'.").ConfigureAwait(false);
        return UsageErrorExitCode;
    }

    public const int UsageErrorExitCode = 2;

    /// <summary>"gate64 link up" for a subcommand: the names from the root down.</summary>
    private static string CommandPath(CommandResult result)
    {
        List<string> names = [];
        for (SymbolResult? current = result; current is CommandResult command; current = current.Parent)
        {
            names.Add(command.Command is RootCommand ? "gate64" : command.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
