using System.Globalization;
using Gate64.Testing;
using Gate64.Testing.Quic;

namespace Gate64.FunctionalTests.Quic;

/// <summary>
/// ngtcp2's HTTP/3 client over IPv4 reaches ngtcp2's server on the IPv6-only backend through the gateway, routed by
/// the SNI of its Initial packets; QUIC is never terminated.
/// </summary>
[Collection(QuicIngressCollection.Name)]
public sealed class QuicIngressTests
{
    private static readonly TimeSpan s_fetchTimeout = TimeSpan.FromSeconds(20);

    private readonly QuicIngressFixture _fixture;

    public QuicIngressTests(QuicIngressFixture fixture)
    {
        _fixture = fixture;
    }

    private IngressTopology Topology => _fixture.Topology;

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Http3Download_ThroughGate64IngressBySni_ArrivesIntact()
    {
        Ngtcp2Fetch fetch = await FetchAsync(QuicIngressFixture.QuicPort, IngressTestZone.Site, QuicIngressFixture.LargePath);

        Assert.True(fetch.Result.ExitCode == 0 && fetch.SavedLength == QuicIngressFixture.LargeBytes, fetch.Result.ToString());
        Assert.Equal(_fixture.LargeSha256, fetch.SavedSha256);
        Assert.Empty(_fixture.Gateway.LogLines("QUIC ingress refused"));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task NameWithoutAaaa_IsRefusedAtOnce_AndTheGatewayLogsWhy()
    {
        Ngtcp2Fetch fetch = await FetchAsync(QuicIngressFixture.QuicPort, IngressTestZone.NoAaaa, QuicIngressFixture.SmallPath);

        AssertClosedByTheGateway(fetch);
        // The gateway's CONNECTION_CLOSE ends the client's attempt; without it the client would wait out its handshake timeout (10 s).
        Assert.True(fetch.Elapsed < TimeSpan.FromSeconds(5), $"the refused client took {fetch.Elapsed.TotalSeconds:0.0} s to give up: {fetch.Result}");
        string line = await _fixture.Gateway.WaitForLogLineAsync(TimeSpan.FromSeconds(5), "QUIC ingress refused", IngressTestZone.NoAaaa);
        Assert.Contains("no_aaaa", line, StringComparison.Ordinal);
        Assert.Contains(IngressTopology.ClientAddress.ToString(), line, StringComparison.Ordinal);
        Assert.Single(_fixture.Gateway.LogLines("QUIC ingress refused", IngressTestZone.NoAaaa));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task RefusalsAndRelays_AreCountedByReason_OnTheMetricsEndpoint()
    {
        string before = await _fixture.ScrapeAsync();

        Ngtcp2Fetch noAaaa = await FetchAsync(QuicIngressFixture.RunQuicPort, IngressTestZone.NoAaaa, QuicIngressFixture.SmallPath);
        Ngtcp2Fetch outside = await FetchAsync(QuicIngressFixture.RunQuicPort, IngressTestZone.Outside, QuicIngressFixture.SmallPath);
        Ngtcp2Fetch site = await FetchAsync(QuicIngressFixture.RunQuicPort, IngressTestZone.Site, QuicIngressFixture.SmallPath);
        string after = await _fixture.ScrapeAsync();

        AssertClosedByTheGateway(noAaaa);
        AssertClosedByTheGateway(outside);
        Assert.True(site.Result.ExitCode == 0 && site.SavedLength > 0, site.Result.ToString());
        Assert.Equal(_fixture.SmallBody, await File.ReadAllTextAsync(site.SavedPath));
        Assert.Equal(1, Delta(before, after, "gate64_ingress_quic_flows_refused_total", "reason=\"no_aaaa\""));
        Assert.Equal(1, Delta(before, after, "gate64_ingress_quic_flows_refused_total", "reason=\"not_permitted\""));
        Assert.Equal(1, Delta(before, after, "gate64_ingress_quic_flows_relayed_total"));
        Assert.Single(_fixture.RunGateway.LogLines("QUIC ingress refused", IngressTestZone.Outside, "not_permitted"));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task JunkFloodFromAnotherAddress_DuringALiveTransfer_DoesNotDisturbIt()
    {
        string before = await _fixture.ScrapeAsync();
        await using QuicJunkFlood flood = await QuicJunkFlood.StartAsync(
            Topology.Client, QuicIngressFixture.JunkSource, QuicIngressFixture.Endpoint(QuicIngressFixture.RunQuicPort), 20_000, Topology.DirectoryPath);

        await Task.Delay(500);   // the flood is in full swing before the transfer starts, and goes on until it ends
        Ngtcp2Fetch fetch = await FetchAsync(QuicIngressFixture.RunQuicPort, IngressTestZone.Site, QuicIngressFixture.LargePath);
        long sent = await flood.StopAsync();

        Assert.True(fetch.Result.ExitCode == 0 && fetch.SavedLength == QuicIngressFixture.LargeBytes, fetch.Result.ToString());
        Assert.Equal(_fixture.LargeSha256, fetch.SavedSha256);
        // The flood really reached the gateway, and what it read of it was dropped unrelayed, none by a failure. (On a
        // busy machine the kernel drops some of it before the gateway reads it: UDP has no back-pressure.)
        Assert.True(sent > 10_000, $"only {sent} junk datagrams were sent");
        string after = await _fixture.ScrapeAsync();
        for (int wait = 0; wait < 20 && Delta(before, after, "gate64_ingress_quic_datagrams_dropped_total") < sent / 2; wait++)
        {
            await Task.Delay(100);
            after = await _fixture.ScrapeAsync();
        }

        double dropped = Delta(before, after, "gate64_ingress_quic_datagrams_dropped_total");
        Assert.True(dropped >= sent / 2 && dropped <= sent, $"sent {sent} junk datagrams, the gateway dropped {dropped}");
        Assert.Equal(0, Delta(before, after, "gate64_ingress_quic_datagrams_dropped_total", "reason=\"error\""));
        Assert.True(Delta(before, after, "gate64_ingress_quic_datagrams_dropped_total", "reason=\"unauthenticated\"") > sent / 5,
            "the Initial-shaped junk was not examined as Initials");
        Assert.Equal(1, Delta(before, after, "gate64_ingress_quic_flows_relayed_total"));
        Assert.Empty(_fixture.RunGateway.LogLines("QUIC ingress refused", QuicIngressFixture.JunkSource.ToString()));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task RetryFromTheBackend_PassesThroughUntouched_AndTheConnectionCompletes()
    {
        Ngtcp2Fetch fetch = await FetchAsync(QuicIngressFixture.RetryPort, IngressTestZone.Site, QuicIngressFixture.SmallPath);

        Assert.True(fetch.Result.ExitCode == 0 && fetch.SavedLength > 0, fetch.Result.ToString());
        Assert.Equal(_fixture.SmallBody, await File.ReadAllTextAsync(fetch.SavedPath));
    }

    private Task<Ngtcp2Fetch> FetchAsync(int port, string serverName, string path) =>
        Ngtcp2Fetch.RunAsync(Topology.Client, serverName, port, path, _fixture.NewDownloadFolder(), s_fetchTimeout);

    /// <summary>
    /// The client read a CONNECTION_CLOSE (ngtcp2 says ERR_DRAINING; Debian's gtlsclient then exits 0) and saved nothing:
    /// the gateway's refusal, since the backend never saw the flow.
    /// </summary>
    private static void AssertClosedByTheGateway(Ngtcp2Fetch fetch)
    {
        Assert.True(fetch.Result.Output.Contains("ERR_DRAINING", StringComparison.Ordinal) && fetch.SavedLength == 0, fetch.Result.ToString());
    }

    /// <summary>How much the samples of <paramref name="name"/> (with <paramref name="label"/> when given) grew between two scrapes.</summary>
    private static double Delta(string before, string after, string name, string? label = null) => Sum(after, name, label) - Sum(before, name, label);

    private static double Sum(string exposition, string name, string? label) =>
        exposition.Split('\n')
            .Where(line => (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(Math.Max(line.LastIndexOf('}'), name.Length - 1) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
