namespace Gate64.Dns64;

/// <summary>What the fast path did with a message.</summary>
internal enum Dns64Outcome
{
    /// <summary>An answer is in the buffer: send it.</summary>
    Answered,

    /// <summary>Not answerable at once: hand it to <see cref="Dns64QueryHandler.AnswerSlowAsync"/>.</summary>
    NeedsUpstream,

    /// <summary>Malformed, or not a query: counted and dropped.</summary>
    Dropped,
}
