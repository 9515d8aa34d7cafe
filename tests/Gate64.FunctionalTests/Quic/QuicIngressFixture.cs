using System.Net;
using System.Security.Cryptography;
using Gate64.Testing;
using Gate64.Testing.Quic;
using Gate64.Testing.Run;

namespace Gate64.FunctionalTests.Quic;

/// <summary>
/// The ingress topology with HTTP/3 on the IPv6-only backend and two gateways in front of it:
/// <code>
///  client4 198.51.100.2 (+ .3 for junk) ─▶ gateway 198.51.100.1 ─▶ backend6 [2001:db8:1::10]
///    gate64 ingress --quic :443, :4433          ─ UDP ─▶ gtlsserver :443 (/large.bin 20 MB, /small.txt)
///    gate64 run (gate64.toml) quic :8443=443, metrics on 127.0.0.1:9164       gtlsserver -V :4433 (Retry first)
/// </code>
/// The command line is the contract under test; the run instance reads the same settings from the file and has the
/// metrics endpoint the command lacks.
/// </summary>
public sealed class QuicIngressFixture : IAsyncLifetime
{
    public const int QuicPort = 443;
    public const int RetryPort = 4433;
    public const int RunQuicPort = 8443;
    public const string MetricsListen = "127.0.0.1:9164";
    public const string LargePath = "/large.bin";
    public const string SmallPath = "/small.txt";
    public const long LargeBytes = 20L << 20;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private IngressTopology? _topology;
    private Gate64IngressProcess? _gateway;
    private Gate64RunProcess? _runGateway;
    private NetnsHosts? _hosts;

    /// <summary>A second address of client4, for traffic that must not be mistaken for the client's.</summary>
    public static IPAddress JunkSource { get; } = IPAddress.Parse("198.51.100.3");

    public IngressTopology Topology => _topology ?? throw new InvalidOperationException("not started");

    /// <summary><c>gate64 ingress --quic</c>.</summary>
    public Gate64IngressProcess Gateway => _gateway ?? throw new InvalidOperationException("not started");

    /// <summary><c>gate64 run</c> with <c>[ingress] quic</c> and <c>[metrics]</c>.</summary>
    public Gate64RunProcess RunGateway => _runGateway ?? throw new InvalidOperationException("not started");

    public string LargeSha256 { get; private set; } = "";

    public string SmallBody { get; } = "gate64 QUIC ingress test: HTTP/3 backend\n";

    public async Task InitializeAsync()
    {
        RequiredTool.Find("gtlsserver");
        RequiredTool.Find("gtlsclient");
        try
        {
            _topology = await IngressTopology.StartAsync();
            await _topology.Client.IpAsync("address", "add", $"{JunkSource}/24", "dev", _topology.Links[0].FirstName);
            _hosts = NetnsHosts.Write(_topology.Client,
                [.. new[] { IngressTestZone.Site, IngressTestZone.NoAaaa, IngressTestZone.Outside }.Select(name => (IngressTopology.GatewayAddress.ToString(), name))]);
            string documentRoot = Directory.CreateDirectory(Path.Combine(_topology.DirectoryPath, "h3")).FullName;
            await File.WriteAllTextAsync(Path.Combine(documentRoot, SmallPath.TrimStart('/')), SmallBody);
            LargeSha256 = await WriteRandomFileAsync(Path.Combine(documentRoot, LargePath.TrimStart('/')), LargeBytes);
            string key = Path.Combine(_topology.DirectoryPath, "site.key");
            await Ngtcp2Server.StartAsync(_topology.Backend, new IPEndPoint(IngressTopology.SiteAddress, QuicPort), key, _topology.CertificatePath, documentRoot);
            await Ngtcp2Server.StartAsync(_topology.Backend, new IPEndPoint(IngressTopology.SiteAddress, RetryPort), key, _topology.CertificatePath, documentRoot, ["-V"]);

            _gateway = await Gate64IngressProcess.StartAsync(_topology.Gateway, new Gate64IngressOptions
            {
                Listen = [$"{IngressTopology.GatewayAddress}:{IngressTopology.TlsPort}"],
                Resolver = IngressTopology.ResolverEndPoint,
                Permit = [IngressTopology.SitePrefix],
                ExtraArguments = ["--quic", Endpoint(QuicPort).ToString(), "--quic", Endpoint(RetryPort).ToString()],
            });
            await UdpListeners.WaitAsync(_topology.Gateway, _gateway.Process, s_startTimeout, Endpoint(QuicPort), Endpoint(RetryPort));

            string config = Path.Combine(_topology.DirectoryPath, "gate64.toml");
            await File.WriteAllTextAsync(config, $"""
                [resolver]
                upstream = ["{IngressTopology.ResolverEndPoint}"]

                [ingress]
                listen = ["{Endpoint(RunQuicPort)}={QuicPort}"]
                quic = ["{Endpoint(RunQuicPort)}={QuicPort}"]
                permit = ["{IngressTopology.SitePrefix}"]

                [metrics]
                listen = "{MetricsListen}"
                """);
            _runGateway = await Gate64RunProcess.StartAsync(_topology.Gateway, config);
            await UdpListeners.WaitAsync(_topology.Gateway, _runGateway.Process, s_startTimeout, Endpoint(RunQuicPort));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_runGateway is not null)
        {
            await _runGateway.DisposeAsync();
            _runGateway = null;
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
            _gateway = null;
        }

        if (_topology is not null)
        {
            await _topology.DisposeAsync();
            _topology = null;
        }

        _hosts?.Dispose();
        _hosts = null;
    }

    /// <summary>198.51.100.1:PORT.</summary>
    public static IPEndPoint Endpoint(int port) => new(IngressTopology.GatewayAddress, port);

    /// <summary>An empty folder for one download.</summary>
    public string NewDownloadFolder() => Directory.CreateDirectory(Path.Combine(Topology.DirectoryPath, "dl-" + Guid.NewGuid().ToString("n"))).FullName;

    /// <summary>The run gateway's metrics exposition.</summary>
    public async Task<string> ScrapeAsync()
    {
        ChildProcessResult scrape = await Topology.Gateway.RunAsync(
            RequiredTool.Find("curl"), ["-sS", "--fail", "--max-time", "5", $"http://{MetricsListen}/metrics"], TimeSpan.FromSeconds(15));
        Xunit.Assert.True(scrape.ExitCode == 0, scrape.ToString());
        return scrape.StandardOutput;
    }

    private static async Task<string> WriteRandomFileAsync(string path, long length)
    {
        byte[] content = new byte[length];
        new Random(7007).NextBytes(content);
        await File.WriteAllBytesAsync(path, content);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }
}
