using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>
/// One TCP connection to a peer, framed into BGP messages (RFC 4271 §4.1). Receiving is for one reader;
/// sending is serialised so keepalives and UPDATE batches never interleave on the wire.
/// </summary>
internal sealed class BgpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    // Two maximum-size messages: a whole one plus the start of the next always fits, so compacting is enough.
    private readonly byte[] _receiveBuffer = new byte[2 * BgpMessageHeader.MaxMessageLength];
    private int _start;
    private int _end;

    private BgpConnection(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Dials the peer; the caller's token (with its deadline) bounds the attempt.</summary>
    public static async Task<BgpConnection> ConnectAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        Socket socket = new(peer.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // RFC 4271 §5.1.3 wants the session address as next hop; Linux picks it by route, which is right.
            await socket.ConnectAsync(peer, cancellationToken).ConfigureAwait(false);
            return new BgpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The next whole message (header included), valid until the next call; null when the peer closed
    /// the connection. A malformed header throws <see cref="BgpProtocolException"/> with the NOTIFICATION to send.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadOnlyMemory<byte> buffered = _receiveBuffer.AsMemory(_start, _end - _start);
            switch (BgpMessageHeader.TryRead(buffered.Span, out _, out int length, out BgpNotification? error))
            {
                case BgpFrameStatus.Complete:
                    _start += length;
                    return buffered[..length];
                case BgpFrameStatus.Invalid:
                    throw new BgpProtocolException(error!);
            }
            if (_start > 0)
            {
                buffered.CopyTo(_receiveBuffer);
                _end -= _start;
                _start = 0;
            }
            int read = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }
            _end += read;
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!message.IsEmpty)
            {
                int sent = await _socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                message = message[sent..];
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _sendGate.Dispose();
    }
}
