using System.Net;
using System.Net.Security;
using Gate64.Diagnostics;
using Gate64.Ingress;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Tests.Dns64;
using Gate64.Tests.Resolver;

namespace Gate64.Tests.Diagnostics;

/// <summary>The verdicts of <see cref="IngressCheck"/> over a fake resolver and scripted probes.</summary>
public sealed class IngressCheckTests
{
    private const string Name = "example.org";
    private const string Backend = "2001:db8:1::10";
    private const string Gateway = "198.51.100.1";

    private readonly FakeDnsResolver _dns = new();
    private readonly FakeIngressProbes _probes = new();
    private IReadOnlyList<PermittedPrefix> _permitted = [new(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.None)];
    private IngressCheckOptions _options = new() { GatewayAddresses = [IPAddress.Parse(Gateway)], ResolverText = "192.0.2.53:53" };

    [Fact]
    public async Task Run_EverythingInPlace_WorksWithExitZeroAndEveryStepPasses()
    {
        WithA(Gateway);
        WithAaaa(Backend);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Works, report.Verdict);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(["a-record", "aaaa-record", "permitted-prefix", "tcp-http", "tcp-https", "tls", "http-01"], report.Steps.Select(step => step.Id));
        Assert.All(report.Steps, step => Assert.Equal(CheckStatus.Pass, step.Status));
        Assert.All(report.Steps, step => Assert.Null(step.Fix));
        Assert.Empty(report.Fixes);
        Assert.Equal($"{Name} → {Gateway} (the gateway)", Step(report, "a-record").Message);
        Assert.Equal($"{Name} → {Backend}", Step(report, "aaaa-record").Message);
        Assert.Equal($"{Backend} is inside 2001:db8:1::/48", Step(report, "permitted-prefix").Message);
        Assert.StartsWith($"[{Backend}]:80 accepts connections", Step(report, "tcp-http").Message, StringComparison.Ordinal);
        Assert.StartsWith($"[{Backend}]:443 accepts connections", Step(report, "tcp-https").Message, StringComparison.Ordinal);
        Assert.Equal($"handshake with SNI {Name} at [{Backend}]:443 completed (TLS 1.3); the certificate is valid for {Name} until 2031-01-02", Step(report, "tls").Message);
        Assert.Contains("HTTP/1.1 404 Not Found", Step(report, "http-01").Message, StringComparison.Ordinal);
        Assert.Equal([Gateway], report.A);
        Assert.Equal([Backend], report.Aaaa);
        Assert.Equal([Gateway], report.Gateway);
        Assert.Equal(["2001:db8:1::/48"], report.Permitted);
        Assert.Equal("192.0.2.53:53", report.Resolver);
    }

    [Fact]
    public async Task Run_EverythingInPlace_ProbesTheBackendAsTheIngressWould()
    {
        WithA(Gateway);
        WithAaaa(Backend);

        await RunAsync();

        string[] calls = [.. _probes.Calls.Order(StringComparer.Ordinal)];
        Assert.Equal(4, calls.Length);
        Assert.StartsWith($"http [{Backend}]:80 {Name} /.well-known/acme-challenge/gate64-check-", calls[0], StringComparison.Ordinal);
        Assert.Equal($"tcp [{Backend}]:443", calls[1]);
        Assert.Equal($"tcp [{Backend}]:80", calls[2]);
        Assert.Equal($"tls [{Backend}]:443 {Name}", calls[3]);
    }

    [Fact]
    public async Task Run_ChallengePath_IsRandomEachRun()
    {
        WithA(Gateway);
        WithAaaa(Backend);

        await RunAsync();
        await RunAsync();

        string[] paths = [.. _probes.Calls.Where(call => call.StartsWith("http ", StringComparison.Ordinal)).Select(call => call.Split(' ')[3])];
        Assert.Equal(2, paths.Length);
        Assert.NotEqual(paths[0], paths[1]);
        Assert.All(paths, path => Assert.Matches("^/\\.well-known/acme-challenge/gate64-check-[0-9a-f]{16}$", path));
    }

    [Fact]
    public async Task Run_LabPorts_AreProbedInsteadOf80And443()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _options = new IngressCheckOptions { GatewayAddresses = [IPAddress.Parse(Gateway)], HttpPort = 8080, HttpsPort = 8443 };

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Works, report.Verdict);
        Assert.Contains($"tcp [{Backend}]:8080", _probes.Calls);
        Assert.Contains($"tls [{Backend}]:8443 {Name}", _probes.Calls);
        Assert.Equal("TCP port 8443 (HTTPS)", Step(report, "tcp-https").Name);
    }

    [Fact]
    public async Task Run_NoAaaaRecord_IsBrokenWithTheCustomerFixAndNoProbes()
    {
        WithA(Gateway);
        WithAaaa();

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Equal(1, report.ExitCode);
        CheckStep aaaa = Step(report, "aaaa-record");
        Assert.Equal(CheckStatus.Fail, aaaa.Status);
        Assert.Contains("has no AAAA record", aaaa.Message, StringComparison.Ordinal);
        Assert.Equal("Add an AAAA record for example.org pointing at your server's IPv6 address (inside 2001:db8:1::/48).", aaaa.Fix);
        Assert.Equal(CheckStatus.Pass, Step(report, "a-record").Status);
        Assert.All(report.Steps.Skip(2), step => Assert.Equal(CheckStatus.Skipped, step.Status));
        Assert.Equal("skipped: no AAAA record", Step(report, "tls").Message);
        Assert.Empty(_probes.Calls);
        Assert.Equal([aaaa.Fix!], report.Fixes);
    }

    [Fact]
    public async Task Run_NoAaaaRecordAndSeveralPrefixes_NamesEachPrefixInTheFix()
    {
        WithA(Gateway);
        WithAaaa();
        _permitted = [new(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.None), new(IpPrefix.Parse("2001:db8:2::/48"), ClientAddressMode.ProxyV2)];

        IngressCheckReport report = await RunAsync();

        Assert.Equal("Add an AAAA record for example.org pointing at your server's IPv6 address (inside 2001:db8:1::/48 or 2001:db8:2::/48).", Step(report, "aaaa-record").Fix);
    }

    [Fact]
    public async Task Run_NxDomain_IsBrokenWithOneFixToCreateTheName()
    {
        _dns.Add(Name, DnsRecordType.A, DnsRecords.Response(Name, DnsRecordType.A, DnsResponseCode.NXDomain, []));
        _dns.Add(Name, DnsRecordType.AAAA, DnsRecords.Response(Name, DnsRecordType.AAAA, DnsResponseCode.NXDomain, []));

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Equal(CheckStatus.Fail, Step(report, "a-record").Status);
        Assert.Equal("example.org does not exist (NXDOMAIN)", Step(report, "a-record").Message);
        Assert.Equal(CheckStatus.Fail, Step(report, "aaaa-record").Status);
        string fix = Assert.Single(report.Fixes);
        Assert.Equal(
            "Create example.org at your DNS provider: an AAAA record pointing at your server's IPv6 address (inside 2001:db8:1::/48), and an A record pointing at the gateway (198.51.100.1).",
            fix);
        Assert.Equal("skipped: the name does not exist", Step(report, "tcp-http").Message);
        Assert.Empty(_probes.Calls);
    }

    [Fact]
    public async Task Run_AaaaOutsideThePermittedPrefixes_IsBrokenAndSaysNotPermitted()
    {
        WithA(Gateway);
        WithAaaa("2001:db8:2::10");

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        CheckStep step = Step(report, "permitted-prefix");
        Assert.Equal(CheckStatus.Fail, step.Status);
        Assert.Equal("not permitted: 2001:db8:2::10 is outside the permitted prefixes (2001:db8:1::/48); the gateway will not connect to it", step.Message);
        Assert.Equal("Change the AAAA record of example.org to your server's IPv6 address inside 2001:db8:1::/48; the gateway only forwards to addresses there.", step.Fix);
        Assert.Equal(CheckStatus.Pass, Step(report, "aaaa-record").Status);
        Assert.Equal("skipped: no permitted backend address", Step(report, "tcp-https").Message);
        Assert.Empty(_probes.Calls);
    }

    [Theory]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("64:ff9b::c000:201", "inside a NAT64 prefix")]
    [InlineData("::ffff:192.0.2.1", "IPv4-mapped")]
    public async Task Run_SpecialPurposeAaaaInsideAPermittedPrefix_IsStillNotPermitted(string address, string words)
    {
        WithA(Gateway);
        WithAaaa(address);
        _permitted = [new(IpPrefix.Parse("::/0"), ClientAddressMode.None)];

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Contains($"not permitted: {IPAddress.Parse(address)} is {words}", Step(report, "permitted-prefix").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoPrefixPermittedAtAll_TellsTheOperatorToPermitOne()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _permitted = [];

        IngressCheckReport report = await RunAsync();

        CheckStep step = Step(report, "permitted-prefix");
        Assert.Equal(CheckStatus.Fail, step.Status);
        Assert.Contains("(none are permitted)", step.Message, StringComparison.Ordinal);
        Assert.Contains("--permit PREFIX", step.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OneOfTwoAaaaOutsideThePrefixes_WarnsAndProbesOnlyThePermittedOne()
    {
        WithA(Gateway);
        WithAaaa("2001:db8:9::1", Backend);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        Assert.Equal(3, report.ExitCode);
        CheckStep step = Step(report, "permitted-prefix");
        Assert.Equal(CheckStatus.Warn, step.Status);
        Assert.Contains("2001:db8:9::1 is outside the permitted prefixes", step.Message, StringComparison.Ordinal);
        Assert.Equal("Remove the AAAA record 2001:db8:9::1 of example.org, or change it to addresses inside 2001:db8:1::/48.", step.Fix);
        Assert.DoesNotContain(_probes.Calls, call => call.Contains("2001:db8:9::1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_NoARecord_WorksWithAWarningToAddIt()
    {
        WithA();
        WithAaaa(Backend);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        CheckStep step = Step(report, "a-record");
        Assert.Equal(CheckStatus.Warn, step.Status);
        Assert.Equal("example.org has no A record: visitors over IPv4 cannot find the site", step.Message);
        Assert.Equal("Add an A record for example.org pointing at the gateway (198.51.100.1).", step.Fix);
    }

    [Fact]
    public async Task Run_ARecordElsewhere_WarnsAndNamesTheWrongAddress()
    {
        WithA("203.0.113.7");
        WithAaaa(Backend);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        CheckStep step = Step(report, "a-record");
        Assert.Equal("example.org → 203.0.113.7 (not the gateway): visitors over IPv4 do not reach the gateway", step.Message);
        Assert.Equal("Point the A record of example.org at the gateway (198.51.100.1) instead of 203.0.113.7.", step.Fix);
    }

    [Fact]
    public async Task Run_OneOfTwoARecordsElsewhere_WarnsThatSomeVisitorsBypassTheGateway()
    {
        WithA(Gateway, "203.0.113.7");
        WithAaaa(Backend);

        IngressCheckReport report = await RunAsync();

        CheckStep step = Step(report, "a-record");
        Assert.Equal(CheckStatus.Warn, step.Status);
        Assert.Equal("example.org → 198.51.100.1 (the gateway), 203.0.113.7 (not the gateway): some visitors over IPv4 bypass the gateway", step.Message);
    }

    [Fact]
    public async Task Run_ARecordsBehindACname_AreFollowed()
    {
        _dns.Add(Name, DnsRecordType.A, DnsRecords.Response(Name, DnsRecordType.A, DnsResponseCode.NoError,
            [DnsRecords.Cname(Name, "edge.example.net"), DnsRecords.A("edge.example.net", Gateway)]));
        WithAaaa(Backend);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(CheckStatus.Pass, Step(report, "a-record").Status);
    }

    [Fact]
    public async Task Run_NoGatewayAddressKnown_WarnsThatTheARecordCannotBeJudged()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _options = new IngressCheckOptions();

        IngressCheckReport report = await RunAsync();

        CheckStep step = Step(report, "a-record");
        Assert.Equal(CheckStatus.Warn, step.Status);
        Assert.Contains("no gateway address is known", step.Message, StringComparison.Ordinal);
        Assert.Contains("--gateway", step.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ResolverDoesNotAnswer_IsBrokenAndSaysSo()
    {
        // The fake resolver fails every question it has no answer for, as an upstream timeout would.
        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Equal(CheckStatus.Warn, Step(report, "a-record").Status);
        CheckStep aaaa = Step(report, "aaaa-record");
        Assert.Equal(CheckStatus.Fail, aaaa.Status);
        Assert.Equal("could not look up the AAAA record: the resolvers did not answer (timeout)", aaaa.Message);
        Assert.Contains("192.0.2.53:53", aaaa.Fix, StringComparison.Ordinal);
        Assert.Single(report.Fixes);
    }

    [Fact]
    public async Task Run_ResolverHangs_IsBrokenWithinTheTimeout()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _dns.Hold = new TaskCompletionSource();
        _options = new IngressCheckOptions { GatewayAddresses = [IPAddress.Parse(Gateway)], Timeout = TimeSpan.FromMilliseconds(50) };

        IngressCheckReport report = await RunAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Contains("did not answer within 0.05 s", Step(report, "aaaa-record").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ServFail_IsBrokenAndNamesTheResponseCode()
    {
        WithA(Gateway);
        _dns.Add(Name, DnsRecordType.AAAA, DnsRecords.Response(Name, DnsRecordType.AAAA, DnsResponseCode.ServFail, []));

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Contains("SERVFAIL", Step(report, "aaaa-record").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Port443Refused_IsBrokenAndSkipsTls()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _probes.Refuse(Backend, 443);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        CheckStep tcp = Step(report, "tcp-https");
        Assert.Equal(CheckStatus.Fail, tcp.Status);
        Assert.Equal($"[{Backend}]:443 refused the connection", tcp.Message);
        Assert.Equal($"Make sure your server {Backend} accepts connections on port 443 (HTTPS) and that its firewall lets the gateway in.", tcp.Fix);
        Assert.Equal(CheckStatus.Skipped, Step(report, "tls").Status);
        Assert.Equal(CheckStatus.Pass, Step(report, "http-01").Status);
        Assert.DoesNotContain(_probes.Calls, call => call.StartsWith("tls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Port80Refused_IsBrokenAndSkipsTheHttpProbe()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _probes.Refuse(Backend, 80);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Equal(CheckStatus.Fail, Step(report, "tcp-http").Status);
        Assert.Equal("skipped: nothing accepts connections on port 80", Step(report, "http-01").Message);
        Assert.Equal(CheckStatus.Pass, Step(report, "tls").Status);
    }

    [Fact]
    public async Task Run_OneOfTwoBackendsRefuses_WarnsAndProbesTlsOnTheOther()
    {
        WithA(Gateway);
        WithAaaa("2001:db8:1::11", Backend);
        _probes.Refuse("2001:db8:1::11", 443);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        CheckStep tcp = Step(report, "tcp-https");
        Assert.Equal(CheckStatus.Warn, tcp.Status);
        Assert.Equal($"[2001:db8:1::11]:443 refused the connection; [{Backend}]:443 accepts connections (2 ms)", tcp.Message);
        Assert.Contains("at 2001:db8:1::11 too, or remove that AAAA record of example.org", tcp.Fix, StringComparison.Ordinal);
        Assert.Contains($"tls [{Backend}]:443 {Name}", _probes.Calls);
        Assert.Contains("http [2001:db8:1::11]:80 ", string.Join('\n', _probes.Calls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TlsHandshakeFails_IsBroken()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _probes.Tls = new TlsProbeResult { Completed = false, Error = "the handshake failed: tlsv1 unrecognized name" };

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        CheckStep tls = Step(report, "tls");
        Assert.Equal(CheckStatus.Fail, tls.Status);
        Assert.Equal($"[{Backend}]:443 with SNI {Name}: the handshake failed: tlsv1 unrecognized name", tls.Message);
        Assert.Equal("Make sure your server serves HTTPS on port 443 for example.org: it must complete a TLS handshake for that name.", tls.Fix);
    }

    [Fact]
    public async Task Run_CertificateForAnotherName_WorksWithAWarning()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _probes.Tls = new TlsProbeResult
        {
            Completed = true,
            Protocol = System.Security.Authentication.SslProtocols.Tls12,
            PolicyErrors = SslPolicyErrors.RemoteCertificateNameMismatch,
            CertificateNames = ["other.example", "www.other.example"],
        };

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        CheckStep tls = Step(report, "tls");
        Assert.Equal(CheckStatus.Warn, tls.Status);
        Assert.Equal(
            $"handshake with SNI {Name} at [{Backend}]:443 completed (TLS 1.2), but the certificate has problems: it is not valid for example.org (it is for other.example, www.other.example)",
            tls.Message);
        Assert.Equal("Install a valid certificate for example.org on your server (for example from Let's Encrypt).", tls.Fix);
    }

    [Fact]
    public async Task Run_UntrustedCertificate_WorksWithAWarningNamingTheProblem()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _probes.Tls = new TlsProbeResult
        {
            Completed = true,
            Protocol = System.Security.Authentication.SslProtocols.Tls13,
            PolicyErrors = SslPolicyErrors.RemoteCertificateChainErrors,
            CertificateProblems = ["it is not issued by a trusted certificate authority (self-signed or a private CA)"],
        };

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        Assert.EndsWith("it is not issued by a trusted certificate authority (self-signed or a private CA)", Step(report, "tls").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoHttpAnswer_WorksWithAWarningAboutHttp01()
    {
        WithA(Gateway);
        WithAaaa(Backend);
        _probes.Http = new HttpProbeResult(false, null, "the server closed the connection without answering");

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.WorksWithWarnings, report.Verdict);
        CheckStep http = Step(report, "http-01");
        Assert.Equal(CheckStatus.Warn, http.Status);
        Assert.Contains($"got no HTTP answer from [{Backend}]:80: the server closed the connection without answering", http.Message, StringComparison.Ordinal);
        Assert.Contains("/.well-known/acme-challenge/", http.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailureAndWarning_ListsTheFailureFixFirst()
    {
        WithA();
        WithAaaa(Backend);
        _probes.Refuse(Backend, 443);

        IngressCheckReport report = await RunAsync();

        Assert.Equal(IngressVerdict.Broken, report.Verdict);
        Assert.Equal(2, report.Fixes.Count);
        Assert.StartsWith("Make sure your server", report.Fixes[0], StringComparison.Ordinal);
        Assert.StartsWith("Add an A record", report.Fixes[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NotADnsName_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Create().RunAsync("a..b", CancellationToken.None));
    }

    private void WithA(params string[] addresses) =>
        _dns.Add(Name, DnsRecordType.A, DnsRecords.Response(Name, DnsRecordType.A, DnsResponseCode.NoError, [.. addresses.Select(address => DnsRecords.A(Name, address))]));

    private void WithAaaa(params string[] addresses) =>
        _dns.Add(Name, DnsRecordType.AAAA, DnsRecords.Response(Name, DnsRecordType.AAAA, DnsResponseCode.NoError, [.. addresses.Select(address => DnsRecords.Aaaa(Name, address))]));

    private IngressCheck Create()
    {
        BackendPolicy policy = new(_permitted, Nat64Prefix.WellKnown.Prefix, []);
        return new IngressCheck(_dns, new BackendLookup(_dns, policy), _probes, _options);
    }

    private Task<IngressCheckReport> RunAsync() => Create().RunAsync(Name, CancellationToken.None);

    private static CheckStep Step(IngressCheckReport report, string id) => Assert.Single(report.Steps, step => step.Id == id);
}
