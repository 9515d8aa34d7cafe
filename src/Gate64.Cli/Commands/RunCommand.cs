using System.CommandLine;
using Gate64.Configuration;

namespace Gate64.Cli.Commands;

/// <summary>
/// <c>gate64 run [--config FILE] [--check]</c>: every service configured in <c>gate64.toml</c> in
/// one host. An invalid file is a usage error (exit 2) with every problem listed; <c>--check</c>
/// stops there (like <c>nginx -t</c>). SIGHUP reloads the file, SIGTERM drains and stops.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Option<string> config = new("--config")
        {
            Description = "The configuration file.",
            HelpName = "FILE",
            DefaultValueFactory = _ => Gate64ConfigReader.DefaultPath,
        };
        Option<bool> check = new("--check")
        {
            Description = "Only check the configuration file: every error with its line, exit 0 when it is valid and 2 when not.",
        };
        Command command = new("run", "Run every service of the configuration file (dns64, ingress, nat64, bgp, metrics) in one process; SIGHUP reloads the file, SIGTERM stops.")
        {
            config, check,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string path = parseResult.GetValue(config)!;
            Gate64ConfigResult read = Gate64ConfigReader.ReadFile(path);
            if (read.Config is null)
            {
                foreach (ConfigError error in read.Errors)
                {
                    await Console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }
                await Console.Error.WriteLineAsync($"gate64: {path}: {read.Errors.Count} error(s); nothing started.").ConfigureAwait(false);
                return GateCommandLine.UsageErrorExitCode;
            }
            if (parseResult.GetValue(check))
            {
                await Console.Out.WriteLineAsync($"gate64: {path}: valid; services: {string.Join(", ", read.Config.Services)}.").ConfigureAwait(false);
                return 0;
            }
            Gate64ConfigStore store = new(read.Config);
            return await GateHost.RunAsync(services => services.AddGate64Services(store), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
