using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gate64.Ingress;
using Gate64.Ingress.Quic;
using Gate64.Platform;
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

    /// <summary>
    /// When set, the routed socket sends a probe first and waits until the backend's ICMP port unreachable for it is
    /// pending on the socket: the next send on it is sure to report it (the backend must be closed by then).
    /// </summary>
    public bool ProbeClosedBackend { get; set; }

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
        if (ProbeClosedBackend)
        {
            socket.Send([0]);
            WaitForPendingError(socket);
        }

        return new QuicRoute(socket, hello.ServerName, null, backend.ToString());
    }

    private static unsafe void WaitForPendingError(Socket socket)
    {
        const short PollErr = 0x8;
        PollFd poll = new() { Fd = (int)socket.Handle, Events = LibC.PollIn };
        if (LibC.Poll(&poll, 1, 5000) != 1 || (poll.ReturnedEvents & PollErr) == 0)
        {
            throw new TimeoutException($"no port unreachable came back for the probe (revents {poll.ReturnedEvents})");
        }
    }
}
