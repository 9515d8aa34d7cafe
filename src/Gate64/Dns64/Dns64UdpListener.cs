using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gate64.Platform;
using Microsoft.Extensions.Logging;

namespace Gate64.Dns64;

/// <summary>
/// DNS over UDP on one address. Several receive threads share the socket; each answers refusals
/// and cached questions in place and hands the rest to a task of its own.
/// </summary>
internal sealed partial class Dns64UdpListener : IDisposable
{
    /// <summary>The largest UDP payload over IPv4 or IPv6 without jumbograms.</summary>
    private const int MaxDatagram = 65535;

    private readonly Socket _socket;
    private readonly Dns64QueryHandler _handler;
    private readonly Dns64Metrics _metrics;
    private readonly ILogger _logger;

    public Dns64UdpListener(IPEndPoint endpoint, Dns64QueryHandler handler, Dns64Metrics metrics, ILogger logger)
    {
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;   // an IPv6 listener answers IPv6 only; list IPv4 addresses explicitly
        }
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Receives on dedicated threads with blocking calls: on a busy server this saves the
    /// epoll-to-thread-pool hop per datagram that async receives pay. Closing the socket ends them.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        int threads = Math.Max(2, Environment.ProcessorCount);
        CountdownEvent running = new(threads);
        TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(_socket.Close);
        for (int i = 0; i < threads; i++)
        {
            Thread thread = new(() =>
            {
                try
                {
                    ReceiveLoop(cancellationToken);
                }
                finally
                {
                    if (running.Signal())
                    {
                        running.Dispose();
                        stopped.SetResult();
                    }
                }
            })
            {
                IsBackground = true,
                Name = $"dns64-udp-{i}",
            };
            thread.Start();
        }
        return stopped.Task;
    }

    private void ReceiveLoop(CancellationToken cancellationToken)
    {
        byte[] request = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        byte[] response = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        Span<byte> address = stackalloc byte[16];
        SocketAddress client = new(_socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(request, SocketFlags.None, client);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown)
            {
                return;
            }
            catch (SocketException exception)
            {
                LogReceiveFailed(_logger, exception.SocketErrorCode);
                continue;
            }
            _metrics.Query("udp");
            int addressLength = SocketAddressBytes.GetAddress(client, address);
            Dns64Outcome outcome = _handler.TryAnswerFast(request.AsSpan(0, received), address[..addressLength], udp: true, response, out int written);
            if (outcome == Dns64Outcome.Answered)
            {
                Send(response.AsSpan(0, written), client);
            }
            else if (outcome == Dns64Outcome.NeedsUpstream)
            {
                byte[] copy = ArrayPool<byte>.Shared.Rent(received);
                request.AsSpan(0, received).CopyTo(copy);
                SocketAddress replyTo = new(client.Family, client.Size);
                client.Buffer.CopyTo(replyTo.Buffer);
                _ = AnswerSlowAsync(copy, received, replyTo, cancellationToken);
            }
        }
    }

    private async Task AnswerSlowAsync(byte[] request, int length, SocketAddress client, CancellationToken cancellationToken)
    {
        byte[] response = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            int written = await _handler.AnswerSlowAsync(request.AsMemory(0, length), udp: true, response, cancellationToken).ConfigureAwait(false);
            if (written > 0)
            {
                Send(response.AsSpan(0, written), client);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
        }
    }

    private void Send(ReadOnlySpan<byte> datagram, SocketAddress client)
    {
        try
        {
            // UDP sends do not block for long: the kernel queues the datagram or drops it.
            _socket.SendTo(datagram, SocketFlags.None, client);
        }
        catch (SocketException exception)
        {
            // One unreachable client must not stop the loop.
            LogSendFailed(_logger, exception.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }

    public void Dispose() => _socket.Dispose();

    [LoggerMessage(EventId = 210, EventName = "UdpReceiveFailed", Level = LogLevel.Debug, Message = "UDP receive failed: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 211, EventName = "UdpSendFailed", Level = LogLevel.Debug, Message = "UDP send failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, SocketError error);
}
