namespace Gate64.FunctionalTests.Ingress;

/// <summary>The test classes that share one <see cref="IngressRoutingFixture"/> (run one after the other).</summary>
[CollectionDefinition(Name)]
public sealed class IngressRoutingCollection : ICollectionFixture<IngressRoutingFixture>
{
    public const string Name = "ingress routing";
}
