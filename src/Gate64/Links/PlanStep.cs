namespace Gate64.Links;

/// <summary>
/// One step of a <see cref="LinkPlan"/>: a command, the command that undoes it when a later step fails (none for
/// steps whose effect goes away with something undone later, such as an address on an interface that gets deleted),
/// and optionally the name of a variable that takes the command's output (trimmed) for later steps.
/// </summary>
internal sealed record PlanStep(ArgumentVector Command, ArgumentVector? Undo = null, string? CaptureAs = null)
{
    /// <summary>The step as shell text: <c>VAR=$(command)</c> when it captures its output.</summary>
    public override string ToString() => CaptureAs is null ? Command.ToString() : $"{CaptureAs}=$({Command})";
}
