using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gate64.Ingress;
using Gate64.Ingress.Quic;
using Gate64.Protocols.Tls;

namespace Gate64.Tests.Ingress;

/// <summary>Routes every name to one loopback backend (the routing policy is tested on its own), or refuses the names told.</summary>
internal sealed class QuicTestRouter(IPEndPoint backend) : IQuicBackendRouter
{
    private readonly ConcurrentQueue<string?> _names = new();

    public Dictionary<string, IngressRefusal> Refusals { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, routing waits for it: flows stay in Routing meanwhile.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyList<string?> Names => [.. _names];

    public async ValueTask<QuicRoute> RouteAsync(ClientHello hello, IPEndPoint client, int backendPort, CancellationToken cancellationToken)
    {
        _names.Enqueue(hello.ServerName);
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        if (hello.ServerName is { } name && Refusals.TryGetValue(name, out IngressRefusal refusal))
        {
            return QuicRoute.Refuse(name, refusal, "the name has no AAAA record");
        }

        Socket socket = new(backend.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(backend);
        return new QuicRoute(socket, hello.ServerName, null, backend.ToString());
    }
}
