using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>TLS on port 443: the ClientHello's server name routes to openssl s_server on the IPv6-only backend, never terminated.</summary>
[Collection(IngressRoutingCollection.Name)]
public sealed class IngressTlsRoutingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressRoutingFixture _fixture;

    public IngressTlsRoutingTests(IngressRoutingFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Https_Site_GetsTheBackendBody()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync($"https://site.test{IngressTopology.TlsBodyPath}", [], s_timeout));

        Assert.True(response.ExitCode == 0 && response.Status == 200, response.ToString());
        Assert.Equal(IngressTopology.TlsBody, response.Body);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Https_CnameToSite_FollowsTheAlias()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync($"https://alias.test{IngressTopology.TlsBodyPath}", [], s_timeout));

        Assert.True(response.ExitCode == 0 && response.Status == 200, response.ToString());
        Assert.Equal(IngressTopology.TlsBody, response.Body);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task OpenSslClient_Site_CompletesTheHandshakeWithTheBackendsCertificate()
    {
        ChildProcessResult result = await Topology.OpenSslClientAsync(IngressTestZone.Site, s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("CN = site.test", result.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Hello_TrickledOneBytePer50Ms_StillRoutesWithinTheDeadline()
    {
        TlsExchange exchange = await Topology.NetClient.TlsAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.TlsPort), IngressTestZone.Site, IngressTopology.TlsBodyPath,
            TimeSpan.FromSeconds(20), trickleMilliseconds: 50);

        Assert.True(exchange.Error is null, exchange.ToString());
        Assert.True(exchange.HelloLength > 100, exchange.ToString());
        Assert.True(exchange.HelloSeconds >= exchange.HelloLength * 0.045, $"the hello was not trickled: {exchange}");
        Assert.EndsWith(IngressTopology.TlsBody, exchange.Response, StringComparison.Ordinal);
    }
}
