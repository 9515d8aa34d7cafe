namespace Gate64.FunctionalTests.Run;

/// <summary>The <c>gate64 run</c> tests one after the other: each class brings up its own namespaces, and they share the machine's two cores.</summary>
[CollectionDefinition(Name)]
public sealed class RunCollection
{
    public const string Name = "gate64 run";
}
