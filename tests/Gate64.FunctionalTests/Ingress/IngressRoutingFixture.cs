using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>
/// The everyday ingress: HTTP on 80, TLS on 443, the recorder on 8443, the holder on 8080; backends
/// in 2001:db8:1::/48, 2001:db8:3::/48 and on the gateway link 2001:db8:ff::/64 (so that the loop
/// to the gateway's own address is refused by the self-address rule, not by a missing permit);
/// no client-address mode; a hello may take 20 s; a backend connect gives up after 2 s.
/// </summary>
public sealed class IngressRoutingFixture : IngressFixture
{
    protected override Gate64IngressOptions GatewayOptions() => new()
    {
        Listen =
        [
            Listen(IngressTopology.HttpPort),
            Listen(IngressTopology.TlsPort),
            Listen(IngressTopology.RecorderPort),
            Listen(IngressTopology.HoldPort),
        ],
        Resolver = IngressTopology.ResolverEndPoint,
        Permit = [IngressTopology.SitePrefix, IngressTopology.OtherPrefix, IngressTopology.LinkPrefix],
        FirstBytesTimeoutSeconds = 20,
        ConnectTimeoutSeconds = 2,
    };
}
