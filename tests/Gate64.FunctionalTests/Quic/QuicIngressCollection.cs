namespace Gate64.FunctionalTests.Quic;

/// <summary>The QUIC ingress tests share one <see cref="QuicIngressFixture"/> and run one after the other (a transfer's figures must not share the CPU).</summary>
[CollectionDefinition(Name)]
public sealed class QuicIngressCollection : ICollectionFixture<QuicIngressFixture>
{
    public const string Name = "quic ingress";
}
