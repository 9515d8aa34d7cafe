namespace Gate64.Links;

/// <summary>
/// What <c>gate64 link up|down</c> does, as an ordered list of explicit commands for one platform. Planners build it
/// without looking at the system; <see cref="PlanExecutor"/> runs it; <c>--dry-run</c> prints it.
/// </summary>
internal sealed record LinkPlan(LinkPlatform Platform, IReadOnlyList<PlanStep> Steps)
{
    /// <summary>One line of shell per step.</summary>
    public IReadOnlyList<string> RenderLines() => [.. Steps.Select(step => step.ToString())];

    public override string ToString() => string.Join('\n', RenderLines());
}
