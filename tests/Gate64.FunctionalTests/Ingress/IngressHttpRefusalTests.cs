using System.Text;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>Refused HTTP requests get a short page whose status and text name the site and the reason, and one log line.</summary>
[Collection(IngressRoutingCollection.Name)]
public sealed class IngressHttpRefusalTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressRoutingFixture _fixture;

    public IngressHttpRefusalTests(IngressRoutingFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(IngressTestZone.NoSuchName, 502, "nosuch.test does not exist (NXDOMAIN)")]
    [InlineData(IngressTestZone.NoAaaa, 502, "noaaaa.test has no AAAA record")]
    [InlineData(IngressTestZone.DnsFailure, 502, IngressTestZone.DnsFailure)]
    [InlineData(IngressTestZone.Outside, 502, "not permitted")]
    [InlineData(IngressTestZone.Loop, 502, "not permitted")]
    [InlineData(IngressTestZone.Mapped, 502, "not permitted")]
    [InlineData(IngressTestZone.Refused, 502, "refused")]
    [InlineData(IngressTestZone.Timeout, 504, IngressTestZone.Timeout)]
    public async Task Get_UnroutableName_GetsAnExplainingPageAndALogLine(string name, int status, string reason)
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync($"http://{name}/", [], s_timeout));

        IngressAssert.HttpRefusal(response, status, name, reason);
        await IngressAssert.RefusalLoggedAsync(_fixture.Gateway, name);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_Http11WithoutHost_Gets400()
    {
        CurlResponse response = CurlResponse.Parse(
            await Topology.CurlAsync($"http://{IngressTopology.GatewayAddress}/", ["-H", "Host:"], s_timeout));

        Assert.True(response.Status == 400, response.ToString());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_Http10WithoutHost_Gets400()
    {
        RawExchange exchange = await Topology.NetClient.RawAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.HttpPort), Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"), s_timeout);

        Assert.True(exchange.HttpStatus == 400, exchange.ToString());
        Assert.True(exchange.Closed, exchange.ToString());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Connect_IsNotAForwardProxy_Gets405()
    {
        byte[] request = Encoding.ASCII.GetBytes("CONNECT site.test:443 HTTP/1.1\r\nHost: site.test:443\r\n\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(IngressTopology.GatewayEndPoint(IngressTopology.HttpPort), request, s_timeout);

        Assert.True(exchange.HttpStatus == 405, exchange.ToString());
        Assert.Empty(Topology.OutsideRecorder.Read());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Get_HeadTooLarge_Gets431()
    {
        StringBuilder head = new("GET / HTTP/1.1\r\nHost: site.test\r\n");
        for (int i = 0; head.Length < 128 * 1024; i++)
        {
            head.Append("X-Padding-").Append(i).Append(": ").Append('a', 1000).Append("\r\n");
        }

        head.Append("\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.HttpPort), Encoding.ASCII.GetBytes(head.ToString()), s_timeout);

        Assert.True(exchange.HttpStatus == 431, exchange.ToString());
        Assert.True(exchange.Closed, exchange.ToString());
    }
}
