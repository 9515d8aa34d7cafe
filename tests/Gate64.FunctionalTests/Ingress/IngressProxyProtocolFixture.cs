using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>
/// PROXY protocol: <c>--proxy-protocol v2</c> is the default of 2001:db8:1::/48 (no mode given),
/// 2001:db8:3::/48 says <c>=proxy-v1</c>. HTTP on 8443 and TLS on 443 both reach the recorders on 8443.
/// </summary>
public sealed class IngressProxyProtocolFixture : IngressFixture
{
    protected override Gate64IngressOptions GatewayOptions() => new()
    {
        Listen = [Listen(IngressTopology.RecorderPort), $"{Listen(IngressTopology.TlsPort)}={IngressTopology.RecorderPort}"],
        Resolver = IngressTopology.ResolverEndPoint,
        Permit = [IngressTopology.SitePrefix, $"{IngressTopology.OtherPrefix}=proxy-v1"],
        ProxyProtocol = "v2",
        ConnectTimeoutSeconds = 2,
    };
}
