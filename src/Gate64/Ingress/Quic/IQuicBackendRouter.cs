using System.Net;
using Gate64.Protocols.Tls;

namespace Gate64.Ingress.Quic;

/// <summary>Turns a flow's ClientHello into a connected backend socket, or a refusal.</summary>
internal interface IQuicBackendRouter
{
    /// <param name="hello">The client's hello (its server name may be missing or invalid).</param>
    /// <param name="client">The client's address, for NAT46 sources and logs.</param>
    /// <param name="backendPort">The listener's backend port.</param>
    /// <param name="cancellationToken">Stops the lookup when the service stops.</param>
    public ValueTask<QuicRoute> RouteAsync(ClientHello hello, IPEndPoint client, int backendPort, CancellationToken cancellationToken);
}
