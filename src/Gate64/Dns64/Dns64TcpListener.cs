using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gate64.Dns64;

/// <summary>
/// DNS over TCP on one address (RFC 7766): length-prefixed messages, answered in order, with
/// an idle timeout and a cap on open connections so that slow or hostile clients cannot
/// exhaust the server.
/// </summary>
internal sealed partial class Dns64TcpListener : IDisposable
{
    private const int LengthPrefix = 2;
    private const int MaxMessage = ushort.MaxValue;

    private readonly Socket _socket;
    private readonly Dns64QueryHandler _handler;
    private readonly Dns64Options _options;
    private readonly Dns64Metrics _metrics;
    private readonly ILogger _logger;
    private int _connections;

    public Dns64TcpListener(IPEndPoint endpoint, Dns64QueryHandler handler, Dns64Options options, Dns64Metrics metrics, ILogger logger)
    {
        _handler = handler;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        _socket.Listen(512);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;   // reset while still in the backlog
            }
            if (Interlocked.Increment(ref _connections) > _options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _connections);
                _metrics.Dropped("tcp_connection_limit");
                connection.Dispose();
                continue;
            }
            _ = ServeAsync(connection, cancellationToken);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken cancellationToken)
    {
        byte[] request = ArrayPool<byte>.Shared.Rent(MaxMessage + LengthPrefix);
        byte[] response = ArrayPool<byte>.Shared.Rent(MaxMessage + LengthPrefix);
        try
        {
            connection.NoDelay = true;
            byte[] address = ((IPEndPoint)connection.RemoteEndPoint!).Address.GetAddressBytes();
            while (true)
            {
                int length = await ReadMessageAsync(connection, request, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    return;
                }
                _metrics.Query("tcp");
                ReadOnlyMemory<byte> message = request.AsMemory(LengthPrefix, length);
                Memory<byte> answer = response.AsMemory(LengthPrefix, MaxMessage);
                Dns64Outcome outcome = _handler.TryAnswerFast(message.Span, address, udp: false, answer.Span, out int written);
                if (outcome == Dns64Outcome.NeedsUpstream)
                {
                    written = await _handler.AnswerSlowAsync(message, udp: false, answer, cancellationToken).ConfigureAwait(false);
                }
                if (outcome == Dns64Outcome.Dropped || written == 0)
                {
                    return;   // a stream that carried garbage cannot be trusted to be framed right
                }
                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)written);
                await connection.SendAsync(response.AsMemory(0, written + LengthPrefix), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // idle timeout, reset by the client, or shutdown
        }
        catch (Exception exception)
        {
            LogConnectionFailed(_logger, exception);
        }
        finally
        {
            connection.Dispose();
            Interlocked.Decrement(ref _connections);
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
        }
    }

    /// <summary>Reads one length-prefixed message into <paramref name="buffer"/>; 0 at a clean end of stream.</summary>
    private async ValueTask<int> ReadMessageAsync(Socket connection, byte[] buffer, CancellationToken cancellationToken)
    {
        using CancellationTokenSource idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_options.TcpIdleTimeout);
        if (!await ReadExactlyAsync(connection, buffer.AsMemory(0, LengthPrefix), idle.Token).ConfigureAwait(false))
        {
            return 0;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        if (length == 0 || !await ReadExactlyAsync(connection, buffer.AsMemory(LengthPrefix, length), idle.Token).ConfigureAwait(false))
        {
            return 0;
        }
        return length;
    }

    private static async ValueTask<bool> ReadExactlyAsync(Socket connection, Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            int received = await connection.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return false;
            }
            destination = destination[received..];
        }
        return true;
    }

    public void Dispose() => _socket.Dispose();

    [LoggerMessage(EventId = 220, EventName = "TcpConnectionFailed", Level = LogLevel.Error, Message = "A DNS-over-TCP connection failed unexpectedly")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);
}
