using System.Net;

namespace Gate64.Diagnostics;

/// <summary>The network probes of <c>gate64 check</c>, each bounded by its own timeout; a seam for tests.</summary>
internal interface IIngressProbes
{
    /// <summary>Opens (and closes) a TCP connection to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The backend address and port.</param>
    /// <param name="cancellationToken">Stops the probe.</param>
    public Task<TcpProbeResult> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);

    /// <summary>Completes a TLS handshake with <paramref name="serverName"/> as SNI, accepting any certificate but recording its problems.</summary>
    /// <param name="endpoint">The backend address and port.</param>
    /// <param name="serverName">The name sent in SNI and checked against the certificate.</param>
    /// <param name="cancellationToken">Stops the probe.</param>
    public Task<TlsProbeResult> HandshakeAsync(IPEndPoint endpoint, string serverName, CancellationToken cancellationToken);

    /// <summary>Sends <c>GET path HTTP/1.1</c> with <c>Host: host</c> and reads the status line of the answer.</summary>
    /// <param name="endpoint">The backend address and port.</param>
    /// <param name="host">The Host header.</param>
    /// <param name="path">The request target, starting with '/'.</param>
    /// <param name="cancellationToken">Stops the probe.</param>
    public Task<HttpProbeResult> GetAsync(IPEndPoint endpoint, string host, string path, CancellationToken cancellationToken);
}
