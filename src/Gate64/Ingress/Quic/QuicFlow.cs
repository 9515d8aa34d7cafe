using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Quic;

namespace Gate64.Ingress.Quic;

/// <summary>
/// One client address and port on a QUIC listener: the datagrams buffered while its ClientHello is read and its
/// backend looked up, then the connected backend socket its datagrams are relayed through.
/// </summary>
/// <remarks>
/// The listener's receive loop is the only writer of client datagrams; the routing task moves the flow from Routing to
/// Relaying or Refused, and the sweeper to Closed. Those transitions and the buffer are guarded by one lock, which
/// the hot path (Relaying) never takes: it reads the state and sends.
/// </remarks>
internal sealed class QuicFlow
{
    private readonly object _gate = new();
    private readonly List<(byte[] Buffer, int Length)> _buffered = [];
    private QuicClientHelloSniffer? _sniffer;
    private Socket? _backend;
    private volatile QuicFlowState _state = QuicFlowState.Sniffing;
    private long _lastActivity;
    private int _bufferedBytes;
    private long _up;
    private long _down;

    public QuicFlow(SocketAddress client, QuicClientHelloSniffer sniffer, long now)
    {
        Client = client;
        ClientEndPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(client);
        _sniffer = sniffer;
        Created = now;
        _lastActivity = now;
    }

    /// <summary>The client's address, the flow table's key (a copy owned by the flow).</summary>
    public SocketAddress Client { get; }

    public IPEndPoint ClientEndPoint { get; }

    public QuicFlowState State => _state;

    public long Created { get; }

    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>For a refused flow: when it may leave the table.</summary>
    public long HoldUntil { get; private set; }

    /// <summary>The site name once known (for logs).</summary>
    public string? Name { get; set; }

    /// <summary>The reader of the hello while the flow is sniffing or routing.</summary>
    public QuicClientHelloSniffer? Sniffer => _sniffer;

    /// <summary>The CONNECTION_CLOSE sent to a refused client, sent again (a few times) if it keeps retransmitting.</summary>
    public byte[]? ClosePacket { get; set; }

    public int CloseResends { get; set; }

    public Socket? Backend => _backend;

    /// <summary>Under which key the relay loop watches the backend socket (Linux), or 0; set under <see cref="Gate"/>.</summary>
    public ulong RelayKey { get; set; }

    public int BufferedBytes => _bufferedBytes;

    public int BufferedDatagrams => _buffered.Count;

    public long BytesUp => Interlocked.Read(ref _up);

    public long BytesDown => Interlocked.Read(ref _down);

    /// <summary>The lock for buffering and state changes (not taken while relaying).</summary>
    public object Gate => _gate;

    public void Touch(long now) => Volatile.Write(ref _lastActivity, now);

    /// <summary>Hot path: sends a client datagram to the backend, without waiting and without throwing.</summary>
    public QuicRelayUp TryRelayUp(ReadOnlySpan<byte> datagram, long now)
    {
        if (_state != QuicFlowState.Relaying)
        {
            return QuicRelayUp.NotRelaying;
        }

        _backend!.Send(datagram, SocketFlags.None, out SocketError error);
        switch (error)
        {
            case SocketError.Success:
                Interlocked.Add(ref _up, datagram.Length);
                Volatile.Write(ref _lastActivity, now);
                return QuicRelayUp.Sent;
            case SocketError.ConnectionRefused:
                // The ICMP port unreachable an earlier datagram met is reported once, to the next call: this one.
                return QuicRelayUp.BackendUnreachable;
            default:
                return QuicRelayUp.Dropped;   // a full send buffer, say: UDP may lose any datagram
        }
    }

    public void CountDown(int bytes, long now)
    {
        Interlocked.Add(ref _down, bytes);
        Volatile.Write(ref _lastActivity, now);
    }

    /// <summary>Copies a datagram into the flow's buffer (call under <see cref="Gate"/>).</summary>
    /// <returns>False when the flow's or the listener's buffer cap would be exceeded.</returns>
    public bool TryBuffer(ReadOnlySpan<byte> datagram, int maxFlowBytes, QuicBufferBudget budget)
    {
        if (_bufferedBytes + datagram.Length > maxFlowBytes || !budget.TryTake(datagram.Length))
        {
            return false;
        }

        byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(copy);
        _buffered.Add((copy, datagram.Length));
        _bufferedBytes += datagram.Length;
        return true;
    }

    /// <summary>Sniffing → Routing (call under <see cref="Gate"/>).</summary>
    public void BeginRouting() => _state = QuicFlowState.Routing;

    /// <summary>
    /// Routing → Relaying (call under <see cref="Gate"/>): the buffered datagrams go to the backend first, in the order
    /// they came, then the state flips so the receive loop sends directly.
    /// </summary>
    /// <returns>
    /// False when a send met the ICMP port unreachable of an earlier one: nothing listens at the backend. The flow
    /// then stays as it was (its hello reader too), for the refusal to answer the client with.
    /// </returns>
    public bool StartRelaying(Socket backend, QuicBufferBudget budget)
    {
        foreach ((byte[] buffer, int length) in _buffered)
        {
            backend.Send(buffer.AsSpan(0, length), SocketFlags.None, out SocketError error);
            if (error == SocketError.ConnectionRefused)
            {
                return false;
            }

            if (error == SocketError.Success)
            {
                _up += length;
            }
        }

        _backend = backend;
        ReleaseBuffers(budget);
        _state = QuicFlowState.Relaying;
        return true;
    }

    /// <summary>→ Refused until <paramref name="holdUntil"/> (call under <see cref="Gate"/>).</summary>
    public void Refuse(long holdUntil, QuicBufferBudget budget)
    {
        HoldUntil = holdUntil;
        ReleaseBuffers(budget);
        _state = QuicFlowState.Refused;
    }

    /// <summary>→ Closed: frees the buffers and the backend socket (closing it takes it out of the relay loop's set). Idempotent.</summary>
    public bool Close(QuicBufferBudget budget)
    {
        lock (_gate)
        {
            if (_state == QuicFlowState.Closed)
            {
                return false;
            }

            _state = QuicFlowState.Closed;
            ReleaseBuffers(budget);
            _backend?.Dispose();
            return true;
        }
    }

    private void ReleaseBuffers(QuicBufferBudget budget)
    {
        foreach ((byte[] buffer, _) in _buffered)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        budget.Give(_bufferedBytes);
        _buffered.Clear();
        _bufferedBytes = 0;
        _sniffer?.Dispose();
        _sniffer = null;
    }
}
