namespace Gate64.Links;

/// <summary>Runs one command (an argument vector, never through a shell) to completion.</summary>
internal interface ICommandRunner
{
    /// <summary>Runs <paramref name="command"/>; a program that cannot be started is a failed result, not an exception.</summary>
    public Task<CommandResult> RunAsync(ArgumentVector command, CancellationToken cancellationToken);
}
