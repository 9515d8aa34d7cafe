using System.Diagnostics;
using System.Text;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>Clients that send too little too slowly are cut at the first-bytes deadline (2 s here) without disturbing others.</summary>
public sealed class IngressSlowClientTests : IClassFixture<IngressSlowClientFixture>
{
    private const double Deadline = IngressSlowClientFixture.FirstBytesTimeoutSeconds;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly IngressSlowClientFixture _fixture;

    public IngressSlowClientTests(IngressSlowClientFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = 60_000)]
    public async Task IdleConnections_AreClosedAfterTheDeadline_WhileALiveTransferCompletesIntact()
    {
        // 50 MB at 8 MB/s: about 6 s, well past the deadline of the idle connections opened meanwhile.
        await using LargeTransfer transfer = await LargeTransfer.StartAsync(Topology, 8L << 20, TimeSpan.FromSeconds(45));

        IdleRun idle = await Topology.NetClient.IdleAsync(IngressTopology.GatewayEndPoint(IngressTopology.TlsPort), 200, TimeSpan.FromSeconds(12));
        bool transferWasLive = transfer.IsRunning;

        Assert.True(idle.Connected == 200 && idle.Closed == 200 && idle.StillOpen == 0, idle.ToString());
        Assert.True(idle.FirstClose >= Deadline - 0.5, $"closed before the deadline: {idle}");
        Assert.True(idle.LastClose <= Deadline + 4, $"not closed soon after the deadline: {idle}");
        Assert.True(transferWasLive, "the transfer ended before the idle connections were closed; nothing was tested");
        await transfer.AssertCompletesIntactAsync(TimeSpan.FromSeconds(40));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Http_HeadNotCompleteByTheDeadline_Gets408()
    {
        RawExchange exchange = await Topology.NetClient.RawAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.HttpPort), Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: si"), s_timeout);

        Assert.True(exchange.HttpStatus == 408, exchange.ToString());
        Assert.True(exchange.Closed && exchange.CloseSeconds >= Deadline - 0.5 && exchange.CloseSeconds <= Deadline + 4, exchange.ToString());
        await IngressAssert.RefusalLoggedAsync(_fixture.Gateway);
    }

    [Fact(Timeout = 60_000)]
    public async Task Tls_HelloTrickledPastTheDeadline_IsCut()
    {
        Stopwatch elapsed = Stopwatch.StartNew();

        // About 150 bytes at 50 ms each: 7.5 s, far past the 2 s deadline.
        TlsExchange exchange = await Topology.NetClient.TlsAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.TlsPort), IngressTestZone.Site, IngressTopology.TlsBodyPath,
            TimeSpan.FromSeconds(20), trickleMilliseconds: 50);

        Assert.True(exchange.Error is not null && exchange.Response is null, exchange.ToString());
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(Deadline + 4), $"cut only after {elapsed.Elapsed}; {exchange}");
    }
}
