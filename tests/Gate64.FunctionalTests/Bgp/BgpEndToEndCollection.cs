namespace Gate64.FunctionalTests.Bgp;

/// <summary>
/// The end-to-end tests of <c>gate64 bgp</c> run one after another: they time withdrawals and reconnects
/// in seconds, and a 10,000-route convergence beside them would only measure the machine's load.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BgpEndToEndCollection
{
    public const string Name = "gate64 bgp end to end";
}
