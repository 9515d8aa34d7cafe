namespace Gate64.Links;

/// <summary>
/// How a plan ran: success, or the step that failed with its error output, and whether rolling back the steps done
/// before it worked.
/// </summary>
internal sealed record PlanResult(bool Succeeded, string? FailedCommand, string? Error, IReadOnlyList<string> RollbackErrors)
{
    public static PlanResult Success { get; } = new(true, null, null, []);

    /// <summary>One line for the operator: what failed, why, and what state the system was left in.</summary>
    public string Describe()
    {
        if (Succeeded)
        {
            return "done";
        }
        string rollback = RollbackErrors.Count == 0
            ? "everything done before it was undone"
            : $"undoing the steps before it also failed: {string.Join("; ", RollbackErrors)}";
        return $"`{FailedCommand}` failed: {Error} ({rollback})";
    }
}
