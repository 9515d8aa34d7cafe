using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>Refused TLS connections get one fatal alert: unrecognized_name, internal_error or decode_error.</summary>
[Collection(IngressRoutingCollection.Name)]
public sealed class IngressTlsRefusalTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressRoutingFixture _fixture;

    public IngressTlsRefusalTests(IngressRoutingFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(IngressTestZone.NoSuchName, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText)]
    [InlineData(IngressTestZone.NoAaaa, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText)]
    [InlineData(IngressTestZone.Outside, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText)]
    [InlineData(IngressTestZone.Loop, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText)]
    [InlineData(IngressTestZone.Mapped, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText)]
    [InlineData(IngressTestZone.DnsFailure, TlsAlerts.InternalError, TlsAlerts.InternalErrorText)]
    [InlineData(IngressTestZone.Refused, TlsAlerts.InternalError, TlsAlerts.InternalErrorText)]
    [InlineData(IngressTestZone.Timeout, TlsAlerts.InternalError, TlsAlerts.InternalErrorText)]
    public async Task Hello_UnroutableName_GetsTheFittingAlertAndALogLine(string name, byte alert, string alertText)
    {
        ChildProcessResult result = await Topology.OpenSslClientAsync(name, s_timeout);

        IngressAssert.TlsAlert(result, alert, alertText);
        await IngressAssert.RefusalLoggedAsync(_fixture.Gateway, name);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Hello_WithoutServerName_GetsUnrecognizedName()
    {
        ChildProcessResult result = await Topology.OpenSslClientAsync(null, s_timeout);

        IngressAssert.TlsAlert(result, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Hello_WithAnIpLiteralAsServerName_GetsUnrecognizedName()
    {
        // OpenSSL sends an IP literal in server_name when told to (RFC 6066 forbids it).
        ChildProcessResult result = await Topology.OpenSslClientAsync(IngressTopology.GatewayAddress.ToString(), s_timeout);

        IngressAssert.TlsAlert(result, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Curl_NoAaaa_FailsWithTheUnrecognizedNameAlert()
    {
        CurlResponse response = CurlResponse.Parse(await Topology.CurlAsync("https://noaaaa.test/", [], s_timeout));

        Assert.True(response.ExitCode == 35, response.ToString());
        Assert.Contains(TlsAlerts.UnrecognizedNameText, response.StandardError, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Hello_Malformed_GetsDecodeError()
    {
        // A complete handshake record holding a ClientHello whose 4-byte body ends inside the random.
        byte[] hello = [0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 0x03, 0x03, 0x00, 0x00];

        RawExchange exchange = await Topology.NetClient.RawAsync(IngressTopology.GatewayEndPoint(IngressTopology.TlsPort), hello, s_timeout);

        IngressAssert.RawAlert(exchange, TlsAlerts.DecodeError);
        Assert.True(exchange.Closed, exchange.ToString());
    }
}
