using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>gate64 dns64 with prefix 2001:db8:64::/96 allowing loopback clients, on 127.0.0.1 and [::1].</summary>
public sealed class Dns64Fixture : Dns64StackFixture
{
    public Gate64Dns64Process Gateway => Gateways[0];

    public Dig Dig => new(Gateway.EndPoint);

    protected override IEnumerable<Gate64Dns64Options> GatewayOptions(IPEndPoint upstream) =>
        [new Gate64Dns64Options { Upstream = upstream, Prefix = Dns64TestZone.Prefix }];
}
