using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>HTTP on 80 (a 50 MB file) and the holder on 8080, with gate64's default limits.</summary>
public sealed class IngressLoadFixture : IngressFixture
{
    public const long LargeFileSize = 50L << 20;

    protected override long LargeFileBytes => LargeFileSize;

    protected override Gate64IngressOptions GatewayOptions() => new()
    {
        Listen = [Listen(IngressTopology.HttpPort), Listen(IngressTopology.HoldPort)],
        Resolver = IngressTopology.ResolverEndPoint,
        Permit = [IngressTopology.SitePrefix],
        ConnectTimeoutSeconds = 2,
    };
}
