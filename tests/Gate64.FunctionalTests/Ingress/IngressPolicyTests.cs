using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>
/// The backend policy acts on the resolved address: outside the permitted prefixes, the gateway's
/// own address (a loop) and IPv4-mapped addresses are refused without any connection being made.
/// </summary>
[Collection(IngressRoutingCollection.Name)]
public sealed class IngressPolicyTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressRoutingFixture _fixture;

    public IngressPolicyTests(IngressRoutingFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(IngressTestZone.Outside)]
    [InlineData(IngressTestZone.Loop)]
    [InlineData(IngressTestZone.Mapped)]
    public async Task NotPermittedAddress_IsRefusedOnBothPorts_AndNeverContacted(string name)
    {
        CurlResponse http = CurlResponse.Parse(await Topology.CurlAsync($"http://{name}/", [], s_timeout));
        ChildProcessResult tls = await Topology.OpenSslClientAsync(name, s_timeout);

        IngressAssert.HttpRefusal(http, 502, name, "not permitted");
        IngressAssert.TlsAlert(tls, TlsAlerts.UnrecognizedName, TlsAlerts.UnrecognizedNameText);
        Assert.Empty(Topology.OutsideRecorder.Read());
        await IngressAssert.RefusalLoggedAsync(_fixture.Gateway, name);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Loop_ToTheGatewaysOwnAddress_IsRefusedOnce_NotProxiedToItself()
    {
        int before = _fixture.Gateway.LogLines("refused").Count;

        CurlResponse http = CurlResponse.Parse(await Topology.CurlAsync($"http://{IngressTestZone.Loop}/", [], s_timeout));

        IngressAssert.HttpRefusal(http, 502, IngressTestZone.Loop, "not permitted");
        await Task.Delay(500);
        Assert.Equal(before + 1, _fixture.Gateway.LogLines("refused").Count);
    }
}
