namespace Gate64.Tests;

/// <summary>Tests that measure the process's heap run alone: other tests' allocations would blur the figure.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}
