namespace Gate64.Tests.Observability;

/// <summary>
/// Tests that read counters through the metrics endpoint run alone: the exporter listens to every
/// meter of its name in the process (the one gateway host of <c>gate64</c>), so any other test
/// counting DNS64 queries or ingress connections at the same time would move the figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMetersCollection
{
    public const string Name = "Process-wide meters";
}
