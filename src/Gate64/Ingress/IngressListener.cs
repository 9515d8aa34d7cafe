using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gate64.Ingress;

/// <summary>
/// Accepts client connections on one address and hands each to the connection handler, up to the
/// connection cap; past it new connections are closed at once so that the ones in progress live.
/// </summary>
internal sealed partial class IngressListener : IDisposable
{
    private static readonly TimeSpan s_acceptBackoff = TimeSpan.FromMilliseconds(100);

    private readonly IngressListenerOptions _listener;
    private readonly IngressConnectionHandler _handler;
    private readonly ConnectionBudget _budget;
    private readonly IngressMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Socket _socket;

    public IngressListener(IngressListenerOptions listener, IngressConnectionHandler handler, ConnectionBudget budget, IngressMetrics metrics, ILogger logger)
    {
        _listener = listener;
        _handler = handler;
        _budget = budget;
        _metrics = metrics;
        _logger = logger;
        _socket = new Socket(listener.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (listener.Endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        // Accepted sockets inherit TCP_NODELAY from the listener (Linux and FreeBSD): one system call
        // less per connection than setting it on each.
        _socket.NoDelay = true;
        _socket.Bind(listener.Endpoint);
        _socket.Listen(4096);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable)
            {
                // Out of descriptors: back off instead of spinning on accept (sniproxy#89).
                LogAcceptBackoff(_logger, exception.SocketErrorCode);
                await Task.Delay(s_acceptBackoff, stopping).ConfigureAwait(false);
                continue;
            }
            catch (SocketException)
            {
                continue;   // reset while in the backlog
            }
            _metrics.Accepted();
            if (!_budget.TryOpen())
            {
                _metrics.Refused(IngressRefusal.TooManyConnections);
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            _metrics.Opened();
            _ = ServeAsync(client, stopping);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            await _handler.HandleAsync(client, _listener, stopping).ConfigureAwait(false);
        }
        finally
        {
            _budget.Close();
            _metrics.Closed();
        }
    }

    public void Dispose() => _socket.Dispose();

    [LoggerMessage(EventId = 310, EventName = "IngressAcceptBackoff", Level = LogLevel.Warning, Message = "Ingress cannot accept ({Error}); backing off")]
    private static partial void LogAcceptBackoff(ILogger logger, SocketError error);
}
