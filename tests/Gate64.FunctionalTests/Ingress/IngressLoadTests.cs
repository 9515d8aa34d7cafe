using Gate64.Testing;

namespace Gate64.FunctionalTests.Ingress;

/// <summary>Many spliced connections at once, while a large transfer runs through the same gateway.</summary>
public sealed class IngressLoadTests : IClassFixture<IngressLoadFixture>
{
    private readonly IngressLoadFixture _fixture;

    public IngressLoadTests(IngressLoadFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = 60_000)]
    public async Task ThousandConcurrentConnections_AllServed_WhileA50MBTransferCompletesIntact()
    {
        await using LargeTransfer transfer = await LargeTransfer.StartAsync(Topology, 6L << 20, TimeSpan.FromSeconds(50));

        // Every connection is routed by Host to the holder on [2001:db8:1::10]:8080, answered, and kept open until all 1,000 are.
        ConcurrentRun run = await Topology.NetClient.ConcurrentAsync(
            IngressTopology.GatewayEndPoint(IngressTopology.HoldPort), 1000, IngressTestZone.Site, TimeSpan.FromSeconds(40));

        Assert.True(run.Ok == 1000 && run.Failed == 0, run.ToString());
        Assert.True(run.PeakOpen == 1000, $"not all 1,000 were open at once: {run}");
        await transfer.AssertCompletesIntactAsync(TimeSpan.FromSeconds(45));
        Assert.Empty(_fixture.Gateway.LogLines("refused"));
    }
}
