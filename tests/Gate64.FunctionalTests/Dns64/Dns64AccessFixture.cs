using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>Two gate64 dns64 processes that must refuse 127.0.0.1: one allows only 2001:db8::/32, one has no --allow.</summary>
public sealed class Dns64AccessFixture : Dns64StackFixture
{
    public Gate64Dns64Process OtherNetworkAllowed => Gateways[0];

    public Gate64Dns64Process NobodyAllowed => Gateways[1];

    protected override IEnumerable<Gate64Dns64Options> GatewayOptions(IPEndPoint upstream) =>
    [
        new Gate64Dns64Options { Upstream = upstream, Prefix = Dns64TestZone.Prefix, Allow = ["2001:db8::/32"], ListenOnIPv6Loopback = false },
        new Gate64Dns64Options { Upstream = upstream, Prefix = Dns64TestZone.Prefix, Allow = [], ListenOnIPv6Loopback = false },
    ];
}
