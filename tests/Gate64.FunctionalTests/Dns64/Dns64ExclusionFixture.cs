using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>gate64 dns64 with <c>--exclude 2001:db8:1::/48</c>, the range of dual.test's real AAAA.</summary>
public sealed class Dns64ExclusionFixture : Dns64StackFixture
{
    public const string ExcludedRange = "2001:db8:1::/48";

    public Dig Dig => new(Gateways[0].EndPoint);

    protected override IEnumerable<Gate64Dns64Options> GatewayOptions(IPEndPoint upstream) =>
    [
        new Gate64Dns64Options
        {
            Upstream = upstream,
            Prefix = Dns64TestZone.Prefix,
            Exclude = [ExcludedRange],
            ListenOnIPv6Loopback = false,
        },
    ];
}
