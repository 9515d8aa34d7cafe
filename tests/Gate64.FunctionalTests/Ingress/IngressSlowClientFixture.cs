using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>A 2 s first-bytes deadline, HTTP on 80 (with a 50 MB file to transfer meanwhile) and TLS on 443.</summary>
public sealed class IngressSlowClientFixture : IngressFixture
{
    public const double FirstBytesTimeoutSeconds = 2;

    protected override long LargeFileBytes => IngressLoadFixture.LargeFileSize;

    protected override Gate64IngressOptions GatewayOptions() => new()
    {
        Listen = [Listen(IngressTopology.HttpPort), Listen(IngressTopology.TlsPort)],
        Resolver = IngressTopology.ResolverEndPoint,
        Permit = [IngressTopology.SitePrefix],
        FirstBytesTimeoutSeconds = FirstBytesTimeoutSeconds,
        ConnectTimeoutSeconds = 2,
    };
}
