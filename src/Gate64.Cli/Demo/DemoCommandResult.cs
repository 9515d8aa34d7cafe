namespace Gate64.Cli.Demo;

/// <summary>What a command the demo ran to completion printed and returned.</summary>
/// <param name="Display">The command as narrated.</param>
/// <param name="ExitCode">Its exit code; -1 when it was killed after its timeout.</param>
/// <param name="StandardOutput">Its stdout.</param>
/// <param name="StandardError">Its stderr.</param>
/// <param name="Output">Stdout and stderr interleaved in the order their lines arrived.</param>
/// <param name="Elapsed">How long it ran.</param>
internal sealed record DemoCommandResult(
    string Display,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    string Output,
    TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;
}
