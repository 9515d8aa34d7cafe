using System.Collections.Concurrent;
using System.Net;
using Gate64.Diagnostics;

namespace Gate64.Tests.Diagnostics;

/// <summary>
/// Scripted probes: every endpoint accepts, every handshake completes with a valid certificate and
/// every request gets a 404, unless a test says otherwise. Remembers every probe.
/// </summary>
internal sealed class FakeIngressProbes : IIngressProbes
{
    private readonly ConcurrentDictionary<IPEndPoint, TcpProbeResult> _tcp = new();
    private readonly ConcurrentQueue<string> _calls = new();

    public TlsProbeResult Tls { get; set; } = new()
    {
        Completed = true,
        Protocol = System.Security.Authentication.SslProtocols.Tls13,
        CertificateNames = ["example.org"],
        CertificateNotAfter = new DateTimeOffset(2031, 1, 2, 0, 0, 0, TimeSpan.Zero),
    };

    public HttpProbeResult Http { get; set; } = new(true, "HTTP/1.1 404 Not Found", string.Empty);

    /// <summary>Every probe, as "tcp [addr]:port", "tls [addr]:port name", "http [addr]:port host path".</summary>
    public IReadOnlyList<string> Calls => [.. _calls];

    public FakeIngressProbes Refuse(string address, int port, string error = "refused the connection")
    {
        _tcp[new IPEndPoint(IPAddress.Parse(address), port)] = new TcpProbeResult(false, TimeSpan.FromMilliseconds(1), error);
        return this;
    }

    public Task<TcpProbeResult> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"tcp {endpoint}");
        return Task.FromResult(_tcp.TryGetValue(endpoint, out TcpProbeResult? result)
            ? result
            : new TcpProbeResult(true, TimeSpan.FromMilliseconds(2), string.Empty));
    }

    public Task<TlsProbeResult> HandshakeAsync(IPEndPoint endpoint, string serverName, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"tls {endpoint} {serverName}");
        return Task.FromResult(Tls);
    }

    public Task<HttpProbeResult> GetAsync(IPEndPoint endpoint, string host, string path, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"http {endpoint} {host} {path}");
        return Task.FromResult(Http);
    }
}
