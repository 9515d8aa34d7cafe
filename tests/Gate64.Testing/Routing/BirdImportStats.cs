namespace Gate64.Testing.Routing;

/// <summary>
/// The "Import updates" row of <c>birdc show protocols all NAME</c>, summed over the protocol's
/// channels: how many routes the neighbour sent and what the import filter made of them. Waiting
/// for <see cref="Received"/> proves a route arrived before asserting that the filter dropped it.
/// </summary>
public sealed record BirdImportStats(long Received, long Rejected, long Filtered, long Ignored, long Accepted)
{
    /// <summary>The "Import withdraws" received column.</summary>
    public long WithdrawsReceived { get; init; }

    public override string ToString() =>
        $"updates received {Received}, rejected {Rejected}, filtered {Filtered}, ignored {Ignored}, accepted {Accepted}; withdraws received {WithdrawsReceived}";
}
