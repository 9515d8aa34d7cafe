using System.Text.Json;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Check;

/// <summary>
/// <c>gate64 check</c> end to end, run in the gateway namespace of a real topology: unbound serves
/// the names, backend6 runs openssl s_server on [2001:db8:1::10]:443 and an HTTP server on :80.
/// </summary>
public sealed class CheckTests : IClassFixture<CheckFixture>
{
    private const string Site = IngressTestZone.Site;

    private readonly CheckFixture _fixture;

    public CheckTests(CheckFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_SiteWithEverythingInPlace_ExitsZeroAndPassesEveryStep()
    {
        CheckRun run = await _fixture.CheckAsync(Site);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Checking ingress for site.test", run.Lines[0]);
        Assert.Equal("✓ A record: site.test → 198.51.100.1 (the gateway)", run.Line("✓ A record:"));
        Assert.Equal("✓ AAAA record: site.test → 2001:db8:1::10", run.Line("✓ AAAA record:"));
        Assert.Equal("✓ Permitted prefix: 2001:db8:1::10 is inside 2001:db8:1::/48", run.Line("✓ Permitted prefix:"));
        Assert.StartsWith("✓ TCP port 80 (HTTP): [2001:db8:1::10]:80 accepts connections (", run.Line("✓ TCP port 80 (HTTP):"), StringComparison.Ordinal);
        Assert.StartsWith("✓ TCP port 443 (HTTPS): [2001:db8:1::10]:443 accepts connections (", run.Line("✓ TCP port 443 (HTTPS):"), StringComparison.Ordinal);
        Assert.Matches(
            @"^✓ TLS handshake: handshake with SNI site\.test at \[2001:db8:1::10\]:443 completed \(TLS 1\.[23]\); the certificate is valid for site\.test until \d{4}-\d\d-\d\d$",
            run.Line("✓ TLS handshake:"));
        Assert.Matches(
            @"^✓ HTTP-01 path: GET /\.well-known/acme-challenge/gate64-check-[0-9a-f]{16} for site\.test reached a web server at \[2001:db8:1::10\]:80: HTTP/1\.[01] 404 ",
            run.Line("✓ HTTP-01 path:"));
        Assert.Equal(7, run.Lines.Count(line => line.StartsWith("✓ ", StringComparison.Ordinal)));
        Assert.Contains("Verdict: ingress will work for site.test.", run.Lines);
        Assert.DoesNotContain("To fix:", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StandardError);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_AliasOfSite_FollowsTheCnameAndExitsZero()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.Alias);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("✓ AAAA record: alias.test → 2001:db8:1::10", run.Line("✓ AAAA record:"));
        Assert.StartsWith("✓ TLS handshake: handshake with SNI alias.test ", run.Line("✓ TLS handshake:"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_SiteWithoutGatewayFlag_FindsTheGatewaysOwnIpv4Address()
    {
        CheckRun run = await _fixture.CheckAsync(
            [Site, "--resolver", IngressTopology.ResolverEndPoint.ToString(), "--permit", IngressTopology.SitePrefix]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("✓ A record: site.test → 198.51.100.1 (the gateway)", run.Line("✓ A record:"));
        Assert.Contains("gateway 198.51.100.1;", run.Lines[1], StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_SelfSignedCertificateNotTrusted_WorksWithAWarningAndExitsThree()
    {
        CheckRun run = await _fixture.CheckAsync(
            [
                Site, "--resolver", IngressTopology.ResolverEndPoint.ToString(), "--permit", IngressTopology.SitePrefix,
                "--gateway", IngressTopology.GatewayAddress.ToString(),
            ],
            trustSiteCertificate: false);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("the certificate has problems: it is not issued by a trusted certificate authority", run.Line("! TLS handshake:"), StringComparison.Ordinal);
        Assert.Contains("Verdict: ingress will work for site.test, with warnings.", run.Lines);
        Assert.Contains("  • Install a valid certificate for site.test on your server (for example from Let's Encrypt).", run.Lines);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_ARecordNotAtTheGateway_WorksWithAWarningAndExitsThree()
    {
        CheckRun run = await _fixture.CheckAsync([
            Site, "--resolver", IngressTopology.ResolverEndPoint.ToString(), "--permit", IngressTopology.SitePrefix, "--gateway", "192.0.2.80"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("! A record: site.test → 198.51.100.1 (not the gateway): visitors over IPv4 do not reach the gateway", run.Line("! A record:"));
        Assert.Contains("  • Point the A record of site.test at the gateway (192.0.2.80) instead of 198.51.100.1.", run.Lines);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_NameWithoutAaaa_ExitsOneWithTheFixForTheCustomer()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.NoAaaa);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("✓ A record: noaaaa.test → 198.51.100.1 (the gateway)", run.Line("✓ A record:"));
        Assert.Equal("✗ AAAA record: noaaaa.test has no AAAA record: the gateway cannot tell where the site's server is", run.Line("✗ AAAA record:"));
        Assert.Equal("- TCP port 443 (HTTPS): skipped: no AAAA record", run.Line("- TCP port 443 (HTTPS):"));
        Assert.Contains("Verdict: ingress will NOT work for noaaaa.test.", run.Lines);
        Assert.Contains("  • Add an AAAA record for noaaaa.test pointing at your server's IPv6 address (inside 2001:db8:1::/48).", run.Lines);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_AaaaOutsideThePermittedPrefix_ExitsOneNotPermittedAndNeverConnects()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.Outside);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            "✗ Permitted prefix: not permitted: 2001:db8:2::10 is outside the permitted prefixes (2001:db8:1::/48); the gateway will not connect to it",
            run.Line("✗ Permitted prefix:"));
        Assert.Contains("  • Change the AAAA record of outside.test to your server's IPv6 address inside 2001:db8:1::/48; the gateway only forwards to addresses there.", run.Lines);
        Assert.Empty(_fixture.Topology.OutsideRecorder.Read());
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_BackendThatRefuses_ExitsOneWithTheTcpFailure()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.Refused);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("✓ Permitted prefix: 2001:db8:1::11 is inside 2001:db8:1::/48", run.Line("✓ Permitted prefix:"));
        Assert.StartsWith("✗ TCP port 80 (HTTP): [2001:db8:1::11]:80 refused the connection", run.Line("✗ TCP port 80 (HTTP):"), StringComparison.Ordinal);
        Assert.StartsWith("✗ TCP port 443 (HTTPS): [2001:db8:1::11]:443 refused the connection", run.Line("✗ TCP port 443 (HTTPS):"), StringComparison.Ordinal);
        Assert.Equal("- TLS handshake: skipped: nothing accepts connections on port 443", run.Line("- TLS handshake:"));
        Assert.Contains("  • Make sure your server 2001:db8:1::11 accepts connections on port 443 (HTTPS) and that its firewall lets the gateway in.", run.Lines);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_BackendThatDropsPackets_ExitsOneAfterTheTimeout()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.Timeout, "--timeout", "1");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("✗ TCP port 443 (HTTPS): [2001:db8:1::12]:443 did not answer within 1 s", run.Line("✗ TCP port 443 (HTTPS):"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_AaaaIsTheGatewaysOwnAddress_IsNotPermittedEvenInsideAPermittedPrefix()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.Loop, "--permit", IngressTopology.LinkPrefix);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("✗ Permitted prefix: not permitted: 2001:db8:ff::1 is the gateway's own address", run.Line("✗ Permitted prefix:"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_Ipv4MappedAaaa_IsNotPermitted()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.Mapped, "--permit", "::/0");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("is IPv4-mapped", run.Line("✗ Permitted prefix:"), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_NameThatDoesNotExist_ExitsOneAndSaysNxdomain()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.NoSuchName);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("✗ AAAA record: nosuch.test does not exist (NXDOMAIN)", run.Line("✗ AAAA record:"));
        Assert.Contains(
            "  • Create nosuch.test at your DNS provider: an AAAA record pointing at your server's IPv6 address (inside 2001:db8:1::/48), and an A record pointing at the gateway (198.51.100.1).",
            run.Lines);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_ResolverRefuses_ExitsOneAndNamesTheAnswer()
    {
        CheckRun run = await _fixture.CheckAsync(IngressTestZone.DnsFailure);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("✗ AAAA record: could not look up the AAAA record: the resolvers answered REFUSED", run.Line("✗ AAAA record:"));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_Json_IsTheSameReportForScripts()
    {
        CheckRun run = await _fixture.CheckAsync(Site, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument document = JsonDocument.Parse(run.StandardOutput);
        JsonElement root = document.RootElement;
        Assert.Equal("site.test", root.GetProperty("name").GetString());
        Assert.Equal("works", root.GetProperty("verdict").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("2001:db8:1::10", root.GetProperty("aaaa")[0].GetString());
        Assert.Equal(
            ["a-record", "aaaa-record", "permitted-prefix", "tcp-http", "tcp-https", "tls", "http-01"],
            root.GetProperty("steps").EnumerateArray().Select(step => step.GetProperty("id").GetString()));
        Assert.All(root.GetProperty("steps").EnumerateArray(), step => Assert.Equal("pass", step.GetProperty("status").GetString()));
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Check_UsageError_ExitsTwo()
    {
        CheckRun run = await _fixture.CheckAsync(Site, "--port-https", "0");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--port-https: '0'", run.StandardError, StringComparison.Ordinal);
    }
}
