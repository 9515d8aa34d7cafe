using System.Text;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>PROXY protocol headers carry the IPv4 client to backends that opted in, before the client's own bytes.</summary>
public sealed class IngressProxyProtocolTests : IClassFixture<IngressProxyProtocolFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressProxyProtocolFixture _fixture;

    public IngressProxyProtocolTests(IngressProxyProtocolFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Http_DefaultModeV2_BackendGetsAProxyV2HeaderThenTheRequest()
    {
        int before = Topology.SiteRecorder.Read().Count;
        byte[] request = Encoding.ASCII.GetBytes("GET /proxied HTTP/1.1\r\nHost: site.test\r\n\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(IngressTopology.GatewayEndPoint(IngressTopology.RecorderPort), request, s_timeout);

        Assert.True(exchange.ReceivedText.EndsWith("recorded\n", StringComparison.Ordinal), exchange.ToString());
        RecordedConnection record = (await Topology.SiteRecorder.WaitForAsync(before + 1, s_timeout))[before];
        ProxyV2Header header = ProxyV2Header.Parse(record.Data);
        Assert.Equal(0x21, header.VersionCommand); // version 2, PROXY
        Assert.Equal(IngressTopology.ClientAddress, header.Source);
        Assert.Equal(exchange.LocalPort, header.SourcePort);
        Assert.Equal(IngressTopology.GatewayAddress, header.Destination);
        Assert.Equal(IngressTopology.RecorderPort, header.DestinationPort);
        Assert.Equal(request, record.Data[header.Length..]);
        Assert.Equal(IngressTopology.GatewayLinkAddress, record.Peer);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Tls_DefaultModeV2_BackendGetsAProxyV2HeaderThenTheClientHello()
    {
        int before = Topology.SiteRecorder.Read().Count;

        // The recorder is no TLS server: the handshake fails after it recorded what arrived.
        TlsExchange exchange = await Topology.NetClient.TlsAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.TlsPort), IngressTestZone.Site, "/", s_timeout);

        RecordedConnection record = (await Topology.SiteRecorder.WaitForAsync(before + 1, s_timeout))[before];
        ProxyV2Header header = ProxyV2Header.Parse(record.Data);
        Assert.Equal(IngressTopology.ClientAddress, header.Source);
        Assert.Equal(exchange.LocalPort, header.SourcePort);
        Assert.Equal(IngressTopology.GatewayAddress, header.Destination);
        Assert.Equal(IngressTopology.TlsPort, header.DestinationPort);
        byte[] hello = record.Data[header.Length..];
        Assert.True(hello.Length == exchange.HelloLength && hello[0] == 0x16, $"the ClientHello was not replayed whole: {record}; {exchange}");
        Assert.Contains("site.test", Encoding.ASCII.GetString(hello), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Http_PrefixWithModeProxyV1_BackendGetsAProxyV1LineThenTheRequest()
    {
        int before = Topology.OtherRecorder.Read().Count;
        byte[] request = Encoding.ASCII.GetBytes("GET /v1 HTTP/1.1\r\nHost: other.test\r\n\r\n");

        RawExchange exchange = await Topology.NetClient.RawAsync(IngressTopology.GatewayEndPoint(IngressTopology.RecorderPort), request, s_timeout);

        Assert.True(exchange.ReceivedText.EndsWith("recorded\n", StringComparison.Ordinal), exchange.ToString());
        RecordedConnection record = (await Topology.OtherRecorder.WaitForAsync(before + 1, s_timeout))[before];
        string expected =
            $"PROXY TCP4 {IngressTopology.ClientAddress} {IngressTopology.GatewayAddress} {exchange.LocalPort} {IngressTopology.RecorderPort}\r\n" +
            Encoding.ASCII.GetString(request);
        Assert.Equal(expected, Encoding.ASCII.GetString(record.Data));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Refusal_SendsNoHeaderAnywhere()
    {
        int before = Topology.SiteRecorder.Read().Count;

        RawExchange exchange = await Topology.NetClient.RawAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.RecorderPort),
            Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: outside.test\r\n\r\n"),
            s_timeout);

        IngressAssert.HttpRefusal(exchange, 502, "not permitted");
        Assert.Equal(before, Topology.SiteRecorder.Read().Count);
        Assert.Empty(Topology.OutsideRecorder.Read());
    }
}
