namespace Gate64.Links;

/// <summary>
/// One command as the program and its arguments, each passed to the program as is: never parsed by a shell. An
/// argument may hold <see cref="PlanVariables"/> placeholders filled in from an earlier step's output.
/// </summary>
internal sealed record ArgumentVector(string Program, IReadOnlyList<string> Arguments)
{
    public static ArgumentVector Of(string program, params string[] arguments) => new(program, arguments);

    /// <summary>The command as one line of POSIX shell (for <c>--dry-run</c> and messages).</summary>
    public override string ToString() => ShellQuoting.Join(this);
}
