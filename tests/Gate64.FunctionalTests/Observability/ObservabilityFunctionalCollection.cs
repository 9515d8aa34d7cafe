namespace Gate64.FunctionalTests.Observability;

/// <summary>
/// The observability tests with BIRD run one after another: they time withdrawals in seconds and
/// count lost pings, which parallel daemons starting beside them would only blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ObservabilityFunctionalCollection
{
    public const string Name = "Observability end to end";
}
