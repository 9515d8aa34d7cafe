namespace Gate64.Testing;

/// <summary>What a process that ran to completion left behind.</summary>
public sealed record ChildProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() =>
        $"{CommandLine} exited with {ExitCode}\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";
}
