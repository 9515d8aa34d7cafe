using System.Text;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>NAT46: the gateway connects from 64:ff9b:1::&lt;client IPv4&gt;, so backends see the client with no header at all.</summary>
public sealed class IngressNat46Tests : IClassFixture<IngressNat46Fixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressNat46Fixture _fixture;

    public IngressNat46Tests(IngressNat46Fixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Http_BackendSeesTheClientsIPv4EmbeddedInTheSourceAddress()
    {
        int before = Topology.SiteRecorder.Read().Count;
        byte[] request = Encoding.ASCII.GetBytes("GET /nat46 HTTP/1.1\r\nHost: site.test\r\n\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(IngressTopology.GatewayEndPoint(IngressTopology.RecorderPort), request, s_timeout);

        Assert.True(exchange.ReceivedText.EndsWith("recorded\n", StringComparison.Ordinal), exchange.ToString());
        RecordedConnection record = (await Topology.SiteRecorder.WaitForAsync(before + 1, s_timeout))[before];
        Assert.Equal(IngressTopology.ClientNat46Address, record.Peer); // 64:ff9b:1::c633:6402 = 198.51.100.2
        Assert.Equal(request, record.Data);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Https_FullHandshakeAndBodyFlowOverTheNat46Source()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync($"https://site.test{IngressTopology.TlsBodyPath}", [], s_timeout));

        Assert.True(response.ExitCode == 0 && response.Status == 200, $"{response}\n--- gate64 refusals ---\n{string.Join('\n', _fixture.Gateway.LogLines("refused"))}");
        Assert.Equal(IngressTopology.TlsBody, response.Body);
    }
}
