namespace Gate64.Links;

/// <summary>What <c>link up</c> or <c>link down</c> came to, in one line for the operator.</summary>
internal sealed record LinkOutcome(bool Succeeded, string Message)
{
    public static LinkOutcome Success(string message) => new(true, message);

    public static LinkOutcome Failure(string message) => new(false, message);
}
