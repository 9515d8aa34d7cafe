using System.Text;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>HTTP on port 80 (and 8443): curl in client4 reaches the IPv6-only backends by the Host header.</summary>
[Collection(IngressRoutingCollection.Name)]
public sealed class IngressHttpRoutingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressRoutingFixture _fixture;

    public IngressHttpRoutingTests(IngressRoutingFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_Site_ServesTheBackendIndex()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync("http://site.test/", [], s_timeout));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(IngressTopology.IndexBody, response.Body);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_AcmeHttp01Challenge_IsServedThroughTheGateway()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync($"http://site.test{Topology.AcmePath}", [], s_timeout));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(Topology.AcmeBody, response.Body);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_CnameToSite_FollowsTheAlias()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync("http://alias.test/", [], s_timeout));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(IngressTopology.IndexBody, response.Body);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_HostWithPortAndCapitals_IsNormalised()
    {
        CurlResponse response = CurlResponse.Parse(
            await Topology.CurlAsync($"http://{IngressTopology.GatewayAddress}/", ["-H", "Host: SITE.Test:80"], s_timeout));

        Assert.True(response.Status == 200, response.ToString());
        Assert.Equal(IngressTopology.IndexBody, response.Body);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_ListenerOn8443_ReachesTheBackendPort8443FromTheGatewayWithTheRequestUnchanged()
    {
        int before = Topology.SiteRecorder.Read().Count;
        byte[] request = Encoding.ASCII.GetBytes("GET /unchanged HTTP/1.1\r\nHost: site.test:8443\r\nUser-Agent: gate64-test\r\n\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(IngressTopology.GatewayEndPoint(IngressTopology.RecorderPort), request, s_timeout);

        Assert.True(exchange.ReceivedText.EndsWith("recorded\n", StringComparison.Ordinal), exchange.ToString());
        RecordedConnection record = (await Topology.SiteRecorder.WaitForAsync(before + 1, s_timeout))[before];
        Assert.Equal(IngressTopology.GatewayLinkAddress, record.Peer);
        Assert.Equal(IngressTopology.RecorderPort, record.LocalPort);
        Assert.Equal(request, record.Data);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_SecondPermittedPrefix_ReachesItsBackend()
    {
        int before = Topology.OtherRecorder.Read().Count;

        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync("http://other.test:8443/other", [], s_timeout));

        Assert.Equal("recorded\n", response.Body);
        RecordedConnection record = (await Topology.OtherRecorder.WaitForAsync(before + 1, s_timeout))[before];
        Assert.StartsWith("GET /other HTTP/1.1\r\n", Encoding.ASCII.GetString(record.Data), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_HeadTrickledOneBytePer50Ms_IsRoutedOnceTheHeadIsComplete()
    {
        // "Host: site.test" arrives split in every possible place; routing on a partial value would look up "s", "si", …
        byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: site.test\r\nConnection: close\r\n\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.HttpPort), request, TimeSpan.FromSeconds(15), trickleMilliseconds: 50);

        Assert.True(exchange.HttpStatus == 200, exchange.ToString());
        Assert.EndsWith(IngressTopology.IndexBody, exchange.ReceivedText, StringComparison.Ordinal);
    }
}
