using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>NAT46: backends in 2001:db8:1::/48 see 64:ff9b:1::&lt;client IPv4&gt; as the source. TLS on 443, recorder on 8443.</summary>
public sealed class IngressNat46Fixture : IngressFixture
{
    protected override Gate64IngressOptions GatewayOptions() => new()
    {
        Listen = [Listen(IngressTopology.TlsPort), Listen(IngressTopology.RecorderPort)],
        Resolver = IngressTopology.ResolverEndPoint,
        Permit = [$"{IngressTopology.SitePrefix}=nat46"],
        Nat46Prefix = IngressTopology.Nat46Prefix,
        ConnectTimeoutSeconds = 2,
    };
}
