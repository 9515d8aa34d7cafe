using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gate64.Testing;

/// <summary>
/// Three namespaces for the ingress: an IPv4 client, the gateway, an IPv6-only backend.
/// <code>
///  client4  198.51.100.2/24 ── 198.51.100.1/24  gateway  2001:db8:ff::1/64 ── 2001:db8:ff::2/64  backend6
///           default via .1                      unbound 127.0.0.1:53      lo: 2001:db8:1::10 (site)
///                                               2001:db8:{1,2,3}::/48          2001:db8:1::11 (nothing listens)
///                                                 via 2001:db8:ff::2           2001:db8:2::10 (not permitted)
///                                               local 64:ff9b:1::/96 on lo     2001:db8:3::10 (other prefix)
///                                                                          blackhole 2001:db8:1::12 (timeout)
///                                                                          64:ff9b:1::/96 via 2001:db8:ff::1
/// </code>
/// No namespace reaches anything outside these three and forwarding is off in all of them.
/// Backend6 runs <c>openssl s_server -WWW</c> on [site]:443 (self-signed certificate for site.test
/// made at start), an http.server on [site]:80 (index.html, an ACME HTTP-01 token, optionally a
/// large file), recorders on [site]:8443, [other]:8443, [outside]:80 and [outside]:443, and a
/// holder on [site]:8080. The gateway process itself is started by the test (<see cref="Gateway"/>).
/// </summary>
public sealed class IngressTopology : IAsyncDisposable
{
    public const int HttpPort = 80;
    public const int TlsPort = 443;

    /// <summary>Where the recorders of site and other listen.</summary>
    public const int RecorderPort = 8443;

    /// <summary>Where the holder (answers "ok", keeps the connection open) listens on site.</summary>
    public const int HoldPort = 8080;

    public const string TlsBodyPath = "/tls.txt";
    public const string TlsBody = "gate64 ingress test: TLS backend s_server\n";
    public const string IndexBody = "<html><body>gate64 ingress test: HTTP backend index</body></html>\n";
    public const string AcmeToken = "Xk3v9yQzgate64testtokenAbCdEf0123456789_-";
    public const string LargeFilePath = "/large.bin";
    public const string Nat46Prefix = "64:ff9b:1::/96";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TempDirectory _directory;
    private NetworkNamespace? _client;
    private NetworkNamespace? _gateway;
    private NetworkNamespace? _backend;
    private UnboundServer? _resolver;

    private IngressTopology(TempDirectory directory, string tag)
    {
        _directory = directory;
        Tag = tag;
        SiteRecorder = new RecorderLog(directory.Combine("records-site.jsonl"));
        OtherRecorder = new RecorderLog(directory.Combine("records-other.jsonl"));
        OutsideRecorder = new RecorderLog(directory.Combine("records-outside.jsonl"));
    }

    public static IPAddress ClientAddress { get; } = IPAddress.Parse("198.51.100.2");

    /// <summary>The gateway's IPv4 address: where the ingress listens and every A record points.</summary>
    public static IPAddress GatewayAddress { get; } = IPAddress.Parse("198.51.100.1");

    /// <summary>The gateway's IPv6 address on the backend link (the source of its backend connections).</summary>
    public static IPAddress GatewayLinkAddress { get; } = IPAddress.Parse("2001:db8:ff::1");

    public static IPAddress BackendLinkAddress { get; } = IPAddress.Parse("2001:db8:ff::2");

    public static IPAddress SiteAddress { get; } = IPAddress.Parse("2001:db8:1::10");

    public static IPAddress RefusingAddress { get; } = IPAddress.Parse("2001:db8:1::11");

    public static IPAddress SilentAddress { get; } = IPAddress.Parse("2001:db8:1::12");

    public static IPAddress OutsideAddress { get; } = IPAddress.Parse("2001:db8:2::10");

    public static IPAddress OtherAddress { get; } = IPAddress.Parse("2001:db8:3::10");

    /// <summary>198.51.100.2 inside <see cref="Nat46Prefix"/>.</summary>
    public static IPAddress ClientNat46Address { get; } = IPAddress.Parse("64:ff9b:1::c633:6402");

    /// <summary>The prefix of site, refused and timeout (2001:db8:1::/48).</summary>
    public const string SitePrefix = "2001:db8:1::/48";

    /// <summary>The prefix of other (2001:db8:3::/48).</summary>
    public const string OtherPrefix = "2001:db8:3::/48";

    /// <summary>The link between gateway and backend (2001:db8:ff::/64), which holds the gateway's own address.</summary>
    public const string LinkPrefix = "2001:db8:ff::/64";

    /// <summary>unbound, inside the gateway namespace.</summary>
    public static IPEndPoint ResolverEndPoint { get; } = new(IPAddress.Loopback, 53);

    /// <summary>The random part of every name this topology made.</summary>
    public string Tag { get; }

    public NetworkNamespace Client => _client ?? throw new InvalidOperationException("not started");

    public NetworkNamespace Gateway => _gateway ?? throw new InvalidOperationException("not started");

    public NetworkNamespace Backend => _backend ?? throw new InvalidOperationException("not started");

    public UnboundServer Resolver => _resolver ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<NetworkNamespace> Namespaces => [Client, Gateway, Backend];

    public IReadOnlyList<VethLink> Links { get; private set; } = [];

    /// <summary>Temp directory for certificates, document roots, scripts and records (removed on dispose).</summary>
    public string DirectoryPath => _directory.FullPath;

    public string CertificatePath => _directory.Combine("site.crt");

    public string AcmeBody => $"{AcmeToken}.gate64-account-thumbprint\n";

    public string AcmePath => $"/.well-known/acme-challenge/{AcmeToken}";

    /// <summary>Length of the file at <see cref="LargeFilePath"/> (0: none).</summary>
    public long LargeFileLength { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the large file.</summary>
    public string LargeFileSha256 { get; private set; } = "";

    /// <summary>Connections to [site]:8443.</summary>
    public RecorderLog SiteRecorder { get; }

    /// <summary>Connections to [other]:8443.</summary>
    public RecorderLog OtherRecorder { get; }

    /// <summary>Connections to [outside]:80 and [outside]:443: must stay empty.</summary>
    public RecorderLog OutsideRecorder { get; }

    /// <summary>Python client tools running in client4.</summary>
    public NetClient NetClient { get; private set; } = null!;

    public ChildProcess TlsServer { get; private set; } = null!;

    public ChildProcess HttpServer { get; private set; } = null!;

    public ChildProcess Backends { get; private set; } = null!;

    public static IPEndPoint GatewayEndPoint(int port) => new(GatewayAddress, port);

    /// <summary>Builds the namespaces, links, routes, resolver and backends; removes whatever it made when a step fails.</summary>
    /// <param name="largeFileBytes">Size of a random file served over HTTP at <see cref="LargeFilePath"/> (0: none).</param>
    public static async Task<IngressTopology> StartAsync(long largeFileBytes = 0)
    {
        foreach (string tool in new[] { "ip", "sysctl", "openssl", "unbound", "dig" })
        {
            RequiredTool.Find(tool);
        }

        TestScripts.Python();
        string tag = NetworkNamespace.NewTag();
        IngressTopology topology = new(TempDirectory.Create($"ingress-{tag}"), tag);
        try
        {
            await topology.BuildAsync(largeFileBytes).ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="program"/> (found with <see cref="RequiredTool"/>) inside client4 to completion.</summary>
    public Task<ChildProcessResult> RunInClientAsync(string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        Client.RunAsync(RequiredTool.Find(program), arguments, timeout);

    /// <summary>
    /// <c>curl -sS -k</c> in client4 with <c>--resolve NAME:PORT:198.51.100.1</c> for <paramref name="url"/> (unless it names an address);
    /// stdout ends with a line <c>HTTP_CODE</c> written by <c>-w</c>.
    /// </summary>
    public Task<ChildProcessResult> CurlAsync(string url, IEnumerable<string> extraArguments, TimeSpan timeout)
    {
        Uri uri = new(url);
        List<string> arguments = ["-sS", "-k", "--max-time", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)];
        if (uri.HostNameType == UriHostNameType.Dns)
        {
            arguments.AddRange(["--resolve", $"{uri.IdnHost}:{uri.Port}:{GatewayAddress}"]);
        }

        arguments.AddRange(["-w", "\n%{http_code}\n", .. extraArguments, url]);
        return RunInClientAsync("curl", arguments, timeout + TimeSpan.FromSeconds(10));
    }

    /// <summary><c>openssl s_client -connect 198.51.100.1:443 [-servername NAME | -noservername]</c> in client4 with no input.</summary>
    public Task<ChildProcessResult> OpenSslClientAsync(string? serverName, TimeSpan timeout, IEnumerable<string>? extraArguments = null)
    {
        List<string> arguments = ["s_client", "-connect", $"{GatewayAddress}:{TlsPort}"];
        arguments.AddRange(serverName is null ? ["-noservername"] : ["-servername", serverName]);
        arguments.AddRange(extraArguments ?? []);
        // Empty stdin: s_client ends after the handshake (or at the alert) instead of waiting for input.
        return Client.RunAsync(RequiredTool.Find("openssl"), arguments, timeout, new ChildProcessOptions { StandardInput = "" });
    }

    public async ValueTask DisposeAsync()
    {
        List<Exception> errors = [];
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        _owned.Clear();
        try
        {
            _directory.Dispose();
        }
        catch (IOException e)
        {
            errors.Add(e);
        }

        if (errors.Count > 0)
        {
            throw new AggregateException($"cleaning up ingress topology {Tag} failed", errors);
        }
    }

    private async Task BuildAsync(long largeFileBytes)
    {
        // Owned in creation order, disposed in reverse: processes before links before namespaces.
        _client = Own(await NetworkNamespace.CreateAsync("client4", Tag).ConfigureAwait(false));
        _gateway = Own(await NetworkNamespace.CreateAsync("gateway", Tag).ConfigureAwait(false));
        _backend = Own(await NetworkNamespace.CreateAsync("backend6", Tag).ConfigureAwait(false));
        foreach (NetworkNamespace ns in Namespaces)
        {
            await ns.SetSysctlAsync("net.ipv4.ip_forward", "0").ConfigureAwait(false);
            await ns.SetSysctlAsync("net.ipv6.conf.all.forwarding", "0").ConfigureAwait(false);
        }

        VethLink clientLink = Own(await VethLink.CreateAsync(_client, ["198.51.100.2/24"], _gateway, ["198.51.100.1/24"]).ConfigureAwait(false));
        VethLink backendLink = Own(await VethLink.CreateAsync(_gateway, ["2001:db8:ff::1/64"], _backend, ["2001:db8:ff::2/64"]).ConfigureAwait(false));
        Links = [clientLink, backendLink];

        await _client.IpAsync("route", "add", "default", "via", GatewayAddress.ToString()).ConfigureAwait(false);
        foreach (string prefix in new[] { SitePrefix, "2001:db8:2::/48", OtherPrefix })
        {
            await _gateway.IpAsync("-6", "route", "add", prefix, "via", BackendLinkAddress.ToString()).ConfigureAwait(false);
        }

        // NAT46: the gateway may use any source in the prefix; backend6 answers those through the gateway.
        await _gateway.IpAsync("-6", "route", "add", "local", Nat46Prefix, "dev", "lo").ConfigureAwait(false);
        await _backend.IpAsync("-6", "route", "add", Nat46Prefix, "via", GatewayLinkAddress.ToString()).ConfigureAwait(false);
        foreach (IPAddress address in new[] { SiteAddress, RefusingAddress, OutsideAddress, OtherAddress })
        {
            await _backend.IpAsync("-6", "address", "add", $"{address}/128", "dev", "lo").ConfigureAwait(false);
        }

        // Packets to 2001:db8:1::12 vanish in backend6 (no ICMP error, no RST): a connect timeout.
        await _backend.IpAsync("-6", "route", "add", "blackhole", $"{SilentAddress}/128").ConfigureAwait(false);

        await WriteContentAsync(largeFileBytes).ConfigureAwait(false);
        NetClient = new NetClient(_client, DirectoryPath);

        _resolver = Own(await UnboundServer.StartAsync(_gateway, ResolverEndPoint, [IngressTestZone.Zone]).ConfigureAwait(false));
        await StartBackendsAsync().ConfigureAwait(false);
    }

    private async Task WriteContentAsync(long largeFileBytes)
    {
        string documentRoot = Directory.CreateDirectory(_directory.Combine("www")).FullName;
        await File.WriteAllTextAsync(Path.Combine(documentRoot, "index.html"), IndexBody).ConfigureAwait(false);
        string acme = Directory.CreateDirectory(Path.Combine(documentRoot, ".well-known", "acme-challenge")).FullName;
        await File.WriteAllTextAsync(Path.Combine(acme, AcmeToken), AcmeBody).ConfigureAwait(false);
        if (largeFileBytes > 0)
        {
            LargeFileSha256 = await WriteRandomFileAsync(Path.Combine(documentRoot, LargeFilePath.TrimStart('/')), largeFileBytes).ConfigureAwait(false);
            LargeFileLength = largeFileBytes;
        }

        string tlsRoot = Directory.CreateDirectory(_directory.Combine("tls")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tlsRoot, TlsBodyPath.TrimStart('/')), TlsBody).ConfigureAwait(false);

        using RSA key = RSA.Create(2048);
        CertificateRequest request = new("CN=site.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName(IngressTestZone.Site);
        names.AddDnsName(IngressTestZone.Alias);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        await File.WriteAllTextAsync(CertificatePath, certificate.ExportCertificatePem()).ConfigureAwait(false);
        await File.WriteAllTextAsync(_directory.Combine("site.key"), key.ExportPkcs8PrivateKeyPem()).ConfigureAwait(false);
    }

    private async Task StartBackendsAsync()
    {
        string python = TestScripts.Python();
        string site = SiteAddress.ToString();
        TlsServer = Backend.Start(
            RequiredTool.Find("openssl"),
            ["s_server", "-accept", $"[{site}]:{TlsPort}", "-cert", CertificatePath, "-key", _directory.Combine("site.key"), "-WWW"],
            new ChildProcessOptions { WorkingDirectory = _directory.Combine("tls") });
        HttpServer = Backend.Start(
            python,
            [TestScripts.Extract(TestScripts.HttpServer, DirectoryPath), site, HttpPort.ToString(CultureInfo.InvariantCulture), _directory.Combine("www")]);
        string recorderPort = RecorderPort.ToString(CultureInfo.InvariantCulture);
        Backends = Backend.Start(
            python,
            [
                TestScripts.Extract(TestScripts.Backends, DirectoryPath),
                "--record", site, recorderPort, SiteRecorder.Path,
                "--record", OtherAddress.ToString(), recorderPort, OtherRecorder.Path,
                "--record", OutsideAddress.ToString(), HttpPort.ToString(CultureInfo.InvariantCulture), OutsideRecorder.Path,
                "--record", OutsideAddress.ToString(), TlsPort.ToString(CultureInfo.InvariantCulture), OutsideRecorder.Path,
                "--hold", site, HoldPort.ToString(CultureInfo.InvariantCulture),
            ]);
        await TlsServer.WaitForOutputAsync("ACCEPT", s_startTimeout).ConfigureAwait(false);
        await HttpServer.WaitForOutputAsync("ready", s_startTimeout).ConfigureAwait(false);
        await Backends.WaitForOutputAsync("ready", s_startTimeout).ConfigureAwait(false);
    }

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private static async Task<string> WriteRandomFileAsync(string path, long length)
    {
        Random random = new(6464);
        byte[] buffer = new byte[1 << 20];
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using FileStream file = File.Create(path);
        for (long written = 0; written < length; written += buffer.Length)
        {
            int count = (int)Math.Min(buffer.Length, length - written);
            random.NextBytes(buffer.AsSpan(0, count));
            hash.AppendData(buffer, 0, count);
            await file.WriteAsync(buffer.AsMemory(0, count)).ConfigureAwait(false);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
