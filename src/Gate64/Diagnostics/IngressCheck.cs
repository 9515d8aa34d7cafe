using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Gate64.Ingress;
using Gate64.Protocols.Dns;
using Gate64.Resolver;

namespace Gate64.Diagnostics;

/// <summary>
/// <c>gate64 check NAME</c>: walks the path an IPv4 visitor's connection takes through the ingress
/// and says, step by step and in plain words, whether it will work and what to fix.
/// <code>
///   A record → gateway?   AAAA record?   permitted prefix?       (DNS, the ingress's own BackendLookup)
///   TCP [backend]:80 and :443                                     (from this host, as the ingress connects)
///   TLS handshake with SNI NAME     GET /.well-known/acme-challenge/… with Host: NAME
/// </code>
/// A failure breaks ingress (exit 1); a warning does not (exit 3).
/// </summary>
internal sealed class IngressCheck
{
    public const string ChallengePath = "/.well-known/acme-challenge/";

    private readonly IDnsResolver _resolver;
    private readonly BackendLookup _lookup;
    private readonly IIngressProbes _probes;
    private readonly IngressCheckOptions _options;

    public IngressCheck(IDnsResolver resolver, BackendLookup lookup, IIngressProbes probes, IngressCheckOptions options)
    {
        _resolver = resolver;
        _lookup = lookup;
        _probes = probes;
        _options = options;
    }

    private IReadOnlyList<PermittedPrefix> Permitted => _lookup.Policy.Permitted;

    /// <param name="name">The name to check, normalised (see <c>HostName.TryNormalize</c>).</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task<IngressCheckReport> RunAsync(string name, CancellationToken cancellationToken)
    {
        if (!DnsName.TryParse(name, out DnsName? dnsName))
        {
            throw new ArgumentException($"'{name}' is not a DNS name.", nameof(name));
        }
        Task<ALookup> aTask = LookupAAsync(dnsName, cancellationToken);
        Task<BackendLookupResult> aaaaTask = LookupBackendAsync(name, cancellationToken);
        ALookup a = await aTask.ConfigureAwait(false);
        BackendLookupResult backend = await aaaaTask.ConfigureAwait(false);

        List<CheckStep> steps =
        [
            ARecordStep(name, a, backend),
            AaaaRecordStep(name, backend),
            PermittedPrefixStep(name, backend),
        ];
        IPAddress[] backends = [.. backend.Permitted.Select(candidate => candidate.Address).Take(_options.MaxBackends)];
        if (backends.Length == 0)
        {
            string reason = $"skipped: {SkipReason(backend)}";
            steps.Add(new CheckStep("tcp-http", TcpName(_options.HttpPort, "HTTP"), CheckStatus.Skipped, reason));
            steps.Add(new CheckStep("tcp-https", TcpName(_options.HttpsPort, "HTTPS"), CheckStatus.Skipped, reason));
            steps.Add(new CheckStep("tls", "TLS handshake", CheckStatus.Skipped, reason));
            steps.Add(new CheckStep("http-01", "HTTP-01 path", CheckStatus.Skipped, reason));
        }
        else
        {
            steps.AddRange(await ProbeBackendsAsync(name, backends, cancellationToken).ConfigureAwait(false));
        }

        return new IngressCheckReport(name, steps)
        {
            Resolver = _options.ResolverText,
            Gateway = [.. _options.GatewayAddresses.Select(address => address.ToString())],
            Permitted = [.. Permitted.Select(prefix => prefix.Prefix.ToString())],
            A = [.. a.Addresses.Select(address => address.ToString())],
            Aaaa = [.. backend.Addresses.Select(candidate => candidate.Address.ToString())],
        };
    }

    private async Task<IEnumerable<CheckStep>> ProbeBackendsAsync(string name, IPAddress[] backends, CancellationToken cancellationToken)
    {
        Task<TcpProbeResult>[] http = [.. backends.Select(address => _probes.ConnectAsync(new IPEndPoint(address, _options.HttpPort), cancellationToken))];
        Task<TcpProbeResult>[] https = [.. backends.Select(address => _probes.ConnectAsync(new IPEndPoint(address, _options.HttpsPort), cancellationToken))];
        TcpProbeResult[] httpResults = await Task.WhenAll(http).ConfigureAwait(false);
        TcpProbeResult[] httpsResults = await Task.WhenAll(https).ConfigureAwait(false);
        List<CheckStep> steps =
        [
            TcpStep("tcp-http", name, _options.HttpPort, "HTTP", backends, httpResults),
            TcpStep("tcp-https", name, _options.HttpsPort, "HTTPS", backends, httpsResults),
        ];

        // The protocol probes need one backend that accepts: the first one that did.
        IPAddress? httpsBackend = FirstConnected(backends, httpsResults);
        IPAddress? httpBackend = FirstConnected(backends, httpResults);
        string challenge = ChallengePath + "gate64-check-" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        Task<TlsProbeResult>? tls = httpsBackend is null ? null
            : _probes.HandshakeAsync(new IPEndPoint(httpsBackend, _options.HttpsPort), name, cancellationToken);
        Task<HttpProbeResult>? get = httpBackend is null ? null
            : _probes.GetAsync(new IPEndPoint(httpBackend, _options.HttpPort), name, challenge, cancellationToken);

        steps.Add(tls is null
            ? new CheckStep("tls", "TLS handshake", CheckStatus.Skipped, $"skipped: nothing accepts connections on port {_options.HttpsPort}")
            : TlsStep(name, new IPEndPoint(httpsBackend!, _options.HttpsPort), await tls.ConfigureAwait(false)));
        steps.Add(get is null
            ? new CheckStep("http-01", "HTTP-01 path", CheckStatus.Skipped, $"skipped: nothing accepts connections on port {_options.HttpPort}")
            : HttpStep(name, new IPEndPoint(httpBackend!, _options.HttpPort), challenge, await get.ConfigureAwait(false)));
        return steps;
    }

    private CheckStep ARecordStep(string name, ALookup a, BackendLookupResult backend)
    {
        const string Id = "a-record";
        const string Title = "A record";
        if (a.Error is not null)
        {
            return new CheckStep(Id, Title, CheckStatus.Warn, $"could not look up the A record: {a.Error}", DnsFailureFix(name, a.Error));
        }
        if (a.NxDomain)
        {
            // The AAAA step then carries the fix for the whole name.
            return new CheckStep(Id, Title, CheckStatus.Fail, $"{name} does not exist (NXDOMAIN)",
                backend.Outcome == BackendLookupOutcome.NxDomain ? null : AddAFix(name));
        }
        if (a.Addresses.Count == 0)
        {
            return new CheckStep(Id, Title, CheckStatus.Warn,
                $"{name} has no A record: visitors over IPv4 cannot find the site", AddAFix(name));
        }
        if (_options.GatewayAddresses.Count == 0)
        {
            return new CheckStep(Id, Title, CheckStatus.Warn,
                $"{name} → {string.Join(", ", a.Addresses)}, but no gateway address is known to compare with",
                "Run the check with --gateway and the gateway's public IPv4 addresses.");
        }
        IPAddress[] elsewhere = [.. a.Addresses.Where(address => !_options.GatewayAddresses.Contains(address))];
        if (elsewhere.Length == 0)
        {
            string gateway = a.Addresses.Count == 1 ? "the gateway" : "all the gateway's addresses";
            return new CheckStep(Id, Title, CheckStatus.Pass, $"{name} → {string.Join(", ", a.Addresses)} ({gateway})");
        }
        string listed = string.Join(", ", a.Addresses.Select(address =>
            $"{address} ({(_options.GatewayAddresses.Contains(address) ? "the gateway" : "not the gateway")})"));
        string consequence = elsewhere.Length == a.Addresses.Count
            ? "visitors over IPv4 do not reach the gateway"
            : "some visitors over IPv4 bypass the gateway";
        return new CheckStep(Id, Title, CheckStatus.Warn, $"{name} → {listed}: {consequence}",
            $"Point the A record of {name} at the gateway ({GatewayText()}) instead of {string.Join(" and ", elsewhere.Select(address => address.ToString()))}.");
    }

    private CheckStep AaaaRecordStep(string name, BackendLookupResult backend)
    {
        const string Id = "aaaa-record";
        const string Title = "AAAA record";
        return backend.Outcome switch
        {
            BackendLookupOutcome.Found or BackendLookupOutcome.NotPermitted => new CheckStep(Id, Title, CheckStatus.Pass,
                $"{name} → {string.Join(", ", backend.Addresses.Select(candidate => candidate.Address))}"),
            BackendLookupOutcome.NoAaaa => new CheckStep(Id, Title, CheckStatus.Fail,
                $"{name} has no AAAA record: the gateway cannot tell where the site's server is",
                $"Add an AAAA record for {name} pointing at your server's IPv6 address{InsideText()}."),
            BackendLookupOutcome.NxDomain => new CheckStep(Id, Title, CheckStatus.Fail,
                $"{name} does not exist (NXDOMAIN)",
                $"Create {name} at your DNS provider: an AAAA record pointing at your server's IPv6 address{InsideText()}, " +
                $"and an A record pointing at the gateway{(_options.GatewayAddresses.Count == 0 ? string.Empty : $" ({GatewayText()})")}."),
            _ => new CheckStep(Id, Title, CheckStatus.Fail,
                $"could not look up the AAAA record: {backend.Detail}", DnsFailureFix(name, backend.Detail)),
        };
    }

    private CheckStep PermittedPrefixStep(string name, BackendLookupResult backend)
    {
        const string Id = "permitted-prefix";
        const string Title = "Permitted prefix";
        if (backend.Addresses.Count == 0)
        {
            return new CheckStep(Id, Title, CheckStatus.Skipped, $"skipped: {SkipReason(backend)}");
        }
        BackendCandidate[] refused = [.. backend.Addresses.Where(candidate => candidate.Verdict != BackendVerdict.Permitted)];
        string accepted = string.Join(", ", backend.Permitted.Select(candidate => $"{candidate.Address} is inside {candidate.PermittedBy.Prefix}"));
        string rejected = string.Join(", ", refused.Select(candidate => $"{candidate.Address} is {Describe(candidate.Verdict)}"));
        if (refused.Length == 0)
        {
            return new CheckStep(Id, Title, CheckStatus.Pass, accepted);
        }
        if (refused.Length == backend.Addresses.Count)
        {
            string fix = Permitted.Count == 0
                ? "The gateway permits no backend prefix: start the ingress (and this check) with --permit PREFIX for the networks the servers live in."
                : $"Change the AAAA record of {name} to your server's IPv6 address inside {PrefixText()}; the gateway only forwards to addresses there.";
            return new CheckStep(Id, Title, CheckStatus.Fail, $"not permitted: {rejected}; the gateway will not connect to it", fix);
        }
        string addresses = string.Join(" and ", refused.Select(candidate => candidate.Address));
        return new CheckStep(Id, Title, CheckStatus.Warn,
            $"{accepted}; but {rejected}, so the gateway only uses the former",
            $"Remove the AAAA record{(refused.Length == 1 ? string.Empty : "s")} {addresses} of {name}, or change {(refused.Length == 1 ? "it" : "them")} to addresses inside {PrefixText()}.");
    }

    private static CheckStep TcpStep(string id, string name, int port, string protocol, IPAddress[] backends, TcpProbeResult[] results)
    {
        string title = TcpName(port, protocol);
        string Line(int index) => results[index].Connected
            ? $"{new IPEndPoint(backends[index], port)} accepts connections ({results[index].Elapsed.TotalMilliseconds:0} ms)"
            : $"{new IPEndPoint(backends[index], port)} {results[index].Error}";
        string message = string.Join("; ", Enumerable.Range(0, backends.Length).Select(Line));
        IPAddress[] failed = [.. backends.Where((_, index) => !results[index].Connected)];
        if (failed.Length == 0)
        {
            return new CheckStep(id, title, CheckStatus.Pass, message);
        }
        string servers = string.Join(" and ", failed.Select(address => address.ToString()));
        if (failed.Length == backends.Length)
        {
            return new CheckStep(id, title, CheckStatus.Fail, message,
                $"Make sure your server {servers} accepts connections on port {port} ({protocol}) and that its firewall lets the gateway in.");
        }
        return new CheckStep(id, title, CheckStatus.Warn, message,
            $"Make your server accept connections on port {port} ({protocol}) at {servers} too, or remove {(failed.Length == 1 ? "that AAAA record" : "those AAAA records")} of {name}.");
    }

    private CheckStep TlsStep(string name, IPEndPoint endpoint, TlsProbeResult result)
    {
        const string Id = "tls";
        const string Title = "TLS handshake";
        if (!result.Completed)
        {
            return new CheckStep(Id, Title, CheckStatus.Fail, $"{endpoint} with SNI {name}: {result.Error}",
                $"Make sure your server serves HTTPS on port {endpoint.Port} for {name}: it must complete a TLS handshake for that name.");
        }
        string completed = $"handshake with SNI {name} at {endpoint} completed ({ProtocolText(result.Protocol)})";
        List<string> problems = [];
        if (result.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems.Add(result.CertificateNames.Count == 0
                ? $"it is not valid for {name}"
                : $"it is not valid for {name} (it is for {string.Join(", ", result.CertificateNames)})");
        }
        problems.AddRange(result.CertificateProblems);
        if (result.PolicyErrors != SslPolicyErrors.None && problems.Count == 0)
        {
            problems.Add($"it did not validate ({result.PolicyErrors})");
        }
        if (problems.Count > 0)
        {
            return new CheckStep(Id, Title, CheckStatus.Warn, $"{completed}, but the certificate has problems: {string.Join("; ", problems)}",
                $"Install a valid certificate for {name} on your server (for example from Let's Encrypt).");
        }
        string until = result.CertificateNotAfter is { } notAfter ? $" until {notAfter.UtcDateTime:yyyy-MM-dd}" : string.Empty;
        return new CheckStep(Id, Title, CheckStatus.Pass, $"{completed}; the certificate is valid for {name}{until}");
    }

    private static CheckStep HttpStep(string name, IPEndPoint endpoint, string path, HttpProbeResult result)
    {
        const string Id = "http-01";
        const string Title = "HTTP-01 path";
        if (result.Responded)
        {
            return new CheckStep(Id, Title, CheckStatus.Pass, $"GET {path} for {name} reached a web server at {endpoint}: {result.StatusLine}");
        }
        return new CheckStep(Id, Title, CheckStatus.Warn, $"GET {path} for {name} got no HTTP answer from {endpoint}: {result.Error}",
            $"Make your web server answer plain HTTP on port {endpoint.Port} for {name}, including {ChallengePath}, so that certificates can be validated over HTTP (Let's Encrypt HTTP-01).");
    }

    private async Task<ALookup> LookupAAsync(DnsName name, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CreateDeadline(cancellationToken);
        DnsResolution resolution;
        try
        {
            resolution = await _resolver.ResolveAsync(name, DnsRecordType.A, DnsQueryFlags.None, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ALookup([], false, $"the resolvers did not answer within {SocketIngressProbes.Seconds(_options.Timeout)}");
        }
        if (!resolution.Succeeded)
        {
            return new ALookup([], false, $"the resolvers did not answer ({resolution.Error.ToString().ToLowerInvariant()})");
        }
        DnsMessage answer = resolution.Response;
        if (answer.ResponseCode == DnsResponseCode.NXDomain)
        {
            return new ALookup([], true, null);
        }
        if (answer.ResponseCode != DnsResponseCode.NoError)
        {
            return new ALookup([], false, $"the resolvers answered {answer.ResponseCode.ToString().ToUpperInvariant()}");
        }
        List<IPAddress> addresses = [];
        foreach (DnsResourceRecord record in answer.Answers)
        {
            if (record.Type == DnsRecordType.A && DnsRdata.TryGetAddress(record, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetwork)
            {
                addresses.Add(address);
            }
        }
        return new ALookup(addresses, false, null);
    }

    private async Task<BackendLookupResult> LookupBackendAsync(string name, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CreateDeadline(cancellationToken);
        try
        {
            return await _lookup.LookupAsync(name, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BackendLookupResult(name, BackendLookupOutcome.DnsFailure, [],
                $"the resolvers did not answer within {SocketIngressProbes.Seconds(_options.Timeout)}");
        }
    }

    /// <summary>The resolver bounds its own attempts; this only guards against it taking longer than the timeout.</summary>
    private CancellationTokenSource CreateDeadline(CancellationToken cancellationToken)
    {
        CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout + TimeSpan.FromSeconds(1));
        return deadline;
    }

    private string AddAFix(string name) => _options.GatewayAddresses.Count == 0
        ? $"Add an A record for {name} pointing at the gateway's IPv4 address."
        : $"Add an A record for {name} pointing at the gateway ({GatewayText()}).";

    private string DnsFailureFix(string name, string detail) => _options.ResolverText is null
        ? $"Make sure the name servers of {name} answer queries for it; {detail}."
        : $"Make sure the name servers of {name} answer queries for it; the gateway asked its resolver {_options.ResolverText}, and {detail}.";

    private string Describe(BackendVerdict verdict) => verdict == BackendVerdict.NotInPermittedPrefix
        ? Permitted.Count == 0 ? "outside the permitted prefixes (none are permitted)" : $"outside the permitted prefixes ({PrefixText()})"
        : BackendLookup.Describe(verdict);

    private static string SkipReason(BackendLookupResult backend) => backend.Outcome switch
    {
        BackendLookupOutcome.NxDomain => "the name does not exist",
        BackendLookupOutcome.NoAaaa => "no AAAA record",
        BackendLookupOutcome.DnsFailure => "the AAAA record could not be looked up",
        _ => "no permitted backend address",
    };

    private static IPAddress? FirstConnected(IPAddress[] backends, TcpProbeResult[] results)
    {
        int index = Array.FindIndex(results, result => result.Connected);
        return index < 0 ? null : backends[index];
    }

    private static string TcpName(int port, string protocol) => $"TCP port {port} ({protocol})";

    private string InsideText() => Permitted.Count == 0 ? string.Empty : $" (inside {PrefixText()})";

    private string PrefixText() => string.Join(" or ", Permitted.Select(prefix => prefix.Prefix.ToString()));

    private string GatewayText() => string.Join(" or ", _options.GatewayAddresses.Select(address => address.ToString()));

    private static string ProtocolText(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };
}
