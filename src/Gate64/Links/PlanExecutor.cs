namespace Gate64.Links;

/// <summary>
/// Runs a <see cref="LinkPlan"/> step by step. When a step fails (or the run is cancelled) the undo commands of the
/// steps already done run in reverse order, so a half-made link does not stay behind; undo failures are collected,
/// not thrown, so that every undo gets its chance. Captured outputs fill the placeholders of later steps.
/// </summary>
internal sealed class PlanExecutor
{
    private readonly ICommandRunner _runner;

    public PlanExecutor(ICommandRunner runner)
    {
        _runner = runner;
    }

    public async Task<PlanResult> RunAsync(LinkPlan plan, CancellationToken cancellationToken)
    {
        Dictionary<string, string> variables = new(StringComparer.Ordinal);
        List<PlanStep> done = [];
        foreach (PlanStep step in plan.Steps)
        {
            if (!TryExpand(step.Command, variables, out ArgumentVector? command, out string? expandError))
            {
                return await FailAsync(step.Command.ToString(), expandError, done, variables).ConfigureAwait(false);
            }
            CommandResult result;
            try
            {
                result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await RollBackAsync(done, variables).ConfigureAwait(false);
                throw;
            }
            if (!result.Succeeded)
            {
                return await FailAsync(command.ToString(), result.Describe(), done, variables).ConfigureAwait(false);
            }
            if (step.CaptureAs is { } variable)
            {
                string value = result.StandardOutput.Trim();
                if (!PlanVariables.IsSafeValue(value))
                {
                    // It did something (probably created an interface) but told us nothing usable: undo what we can.
                    done.Add(step with { Undo = null });
                    return await FailAsync(command.ToString(), $"unexpected output '{Shorten(value)}' (expected a name)", done, variables).ConfigureAwait(false);
                }
                variables[variable] = value;
            }
            done.Add(step);
        }
        return PlanResult.Success;
    }

    private async Task<PlanResult> FailAsync(string command, string error, List<PlanStep> done, Dictionary<string, string> variables)
    {
        IReadOnlyList<string> rollbackErrors = await RollBackAsync(done, variables).ConfigureAwait(false);
        return new PlanResult(false, command, error, rollbackErrors);
    }

    private async Task<IReadOnlyList<string>> RollBackAsync(List<PlanStep> done, Dictionary<string, string> variables)
    {
        List<string> errors = [];
        for (int i = done.Count - 1; i >= 0; i--)
        {
            if (done[i].Undo is not { } undo)
            {
                continue;
            }
            if (!TryExpand(undo, variables, out ArgumentVector? command, out string? expandError))
            {
                errors.Add($"`{undo}`: {expandError}");
                continue;
            }
            // Never cancelled: leaving half a link behind is worse than a late exit.
            CommandResult result = await _runner.RunAsync(command, CancellationToken.None).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                errors.Add($"`{command}`: {result.Describe()}");
            }
        }
        return errors;
    }

    private static bool TryExpand(ArgumentVector template, IReadOnlyDictionary<string, string> variables, out ArgumentVector command, out string error)
    {
        List<string> arguments = new(template.Arguments.Count);
        foreach (string argument in template.Arguments)
        {
            if (!PlanVariables.TryExpand(argument, variables, out string? expanded, out string? expandError))
            {
                command = template;
                error = expandError;
                return false;
            }
            arguments.Add(expanded);
        }
        command = template with { Arguments = arguments };
        error = "";
        return true;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
