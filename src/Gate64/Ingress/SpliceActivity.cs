using System.Net.Sockets;
using Gate64.Platform;

namespace Gate64.Ingress;

/// <summary>
/// The shared state of one splice: when it last moved a byte, how many it moved each way, which
/// socket's peer reset it, and how the splice ends. Kept outside the copy loops so the counts
/// survive a reset or an idle timeout, and so that anything (a failed direction, the idle timer, a
/// stopping service) can abort it.
/// </summary>
/// <remarks>
/// A splice ends once: either both directions end cleanly (each passed its peer's FIN on), or it
/// aborts while one still runs. An abort resets both peers at once: each socket is closed with
/// SO_LINGER 0, which sends a reset and completes any read or write still pending on it, so no
/// direction waits for a peer that does not read, and no peer ever receives a FIN for a stream
/// that was cut (a peer that sees a clean end could take a cut response for a whole one). A socket
/// whose peer already reset it is just closed: there is nobody to tell.
/// </remarks>
internal sealed class SpliceActivity
{
    private const int Running = 0;
    private const int AbortedState = 1;
    private const int Finished = 2;

    private readonly Socket _client;
    private readonly Socket _backend;
    private long _lastActivity = Environment.TickCount64;
    private long _up;
    private long _down;
    private int _state;
    private int _cleanEnds;
    private int _clientReset;
    private int _backendReset;

    public SpliceActivity(Socket client, Socket backend)
    {
        _client = client;
        _backend = backend;
    }

    public bool Aborted => Volatile.Read(ref _state) == AbortedState;

    public long Up => Interlocked.Read(ref _up);

    public long Down => Interlocked.Read(ref _down);

    /// <summary>Records bytes copied one way (<paramref name="upstream"/>: client to backend).</summary>
    public void Moved(bool upstream, int bytes)
    {
        Interlocked.Add(ref upstream ? ref _up : ref _down, bytes);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
    }

    /// <summary>
    /// A direction's source ended cleanly, so it may pass the FIN on: true unless the splice aborted
    /// meanwhile. The second clean end finishes the splice first, so that no abort (the idle timer,
    /// shutdown) can reset away the bytes still queued behind the last FIN.
    /// </summary>
    public bool EndCleanly()
    {
        if (Interlocked.Increment(ref _cleanEnds) == 2)
        {
            return Interlocked.CompareExchange(ref _state, Finished, Running) == Running;
        }
        return !Aborted;
    }

    /// <summary>
    /// A direction failed on its source (a receive) or its destination (a send): the splice aborts.
    /// Only a reset by the peer (<see cref="SocketError.ConnectionReset"/>) marks that socket as
    /// already dead; on any other error it still gets its reset.
    /// </summary>
    public void Failed(bool upstream, bool atSource, SocketError error)
    {
        if (error == SocketError.ConnectionReset && !Aborted)
        {
            bool client = upstream == atSource;   // upstream reads the client; downstream writes to it
            Interlocked.Exchange(ref client ? ref _clientReset : ref _backendReset, 1);
        }
        Abort();
    }

    /// <summary>
    /// Resets both peers now, unless the splice already ended cleanly or aborted (see the remarks).
    /// Safe from any thread, more than once, and after the sockets are closed.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.CompareExchange(ref _state, AbortedState, Running) != Running)
        {
            return;
        }
        Reset(_client, Volatile.Read(ref _clientReset) != 0);
        Reset(_backend, Volatile.Read(ref _backendReset) != 0);
    }

    private static void Reset(Socket socket, bool peerReset)
    {
        try
        {
            if (!peerReset)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already reset or closed.
        }
        socket.Dispose();
    }

    /// <summary>
    /// Aborts the splice once no byte moved for <paramref name="idleTimeout"/>, until the returned
    /// watch is disposed. Bytes the kernel still delivers from the sockets' send queues count as
    /// moving: a slow client still taking the tail of a large response is not cut off because the
    /// splice wrote that tail long ago (see <see cref="IdleWatch"/>). A timer rather than an awaited
    /// delay: a splice that ends disposes it on the thread that saw the end, where cancelling an
    /// awaited delay would resume its waiter on the thread pool, a wake-up and a context switch per
    /// connection.
    /// </summary>
    public IDisposable WatchIdle(TimeSpan idleTimeout) => new IdleWatch(this, idleTimeout);

    /// <summary>
    /// Whether peers that acknowledged <paramref name="acknowledged"/> bytes in all, <paramref name="previous"/> at the
    /// last look a timeout ago (null: no look yet), with bytes still <paramref name="queued"/> towards them or not,
    /// count as active (see <see cref="IdleWatch"/>).
    /// </summary>
    internal static bool PeersActive(ulong? previous, ulong acknowledged, bool queued) =>
        previous is { } last
            ? acknowledged - last >= IdleWatch.MinAcknowledgedPerLook || (acknowledged != last && !queued)
            : queued;

    /// <summary>
    /// The timer behind <see cref="WatchIdle"/>. When the splice has been quiet for the whole timeout
    /// it asks the kernel (TCP_INFO, Linux) how many bytes the peers have acknowledged and whether any
    /// are still queued towards them. The peers count as active if, since the last such look (a
    /// timeout ago), they took at least <see cref="MinAcknowledgedPerLook"/> bytes, or everything that
    /// was queued: a slower reader could otherwise hold the connection with a trickle. The first look
    /// has nothing to compare with: bytes still queued get the benefit of the doubt once. So a peer
    /// that stops reading with bytes queued is reset after two timeouts, and with nothing queued after
    /// one. Where the kernel cannot tell (other systems), only the splice's own reads and writes count.
    /// </summary>
    private sealed class IdleWatch : IDisposable
    {
        /// <summary>As much as one write of the splice holds: before the kernel was asked, a peer had to take that much per timeout.</summary>
        internal const ulong MinAcknowledgedPerLook = TcpSplice.MinReadSize;

        private readonly SpliceActivity _activity;
        private readonly long _idleMilliseconds;
        private readonly ITimer _timer;
        private ulong? _acknowledgedAtLastLook;

        public IdleWatch(SpliceActivity activity, TimeSpan idleTimeout)
        {
            _activity = activity;
            _idleMilliseconds = (long)idleTimeout.TotalMilliseconds;
            _timer = TimeProvider.System.CreateTimer(static state => ((IdleWatch)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(idleTimeout, Timeout.InfiniteTimeSpan);
        }

        /// <summary>On the timer: abort if the splice and its peers were quiet all along, else wait for the rest of the period.</summary>
        private void Check()
        {
            long quiet = Environment.TickCount64 - Volatile.Read(ref _activity._lastActivity);
            if (quiet >= _idleMilliseconds)
            {
                if (!PeersTookBytesSinceLastLook())
                {
                    _activity.Abort();
                    return;
                }
                Volatile.Write(ref _activity._lastActivity, Environment.TickCount64);
                quiet = 0;
            }
            try
            {
                _timer.Change(TimeSpan.FromMilliseconds(_idleMilliseconds - quiet), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The splice ended while this check ran.
            }
        }

        private bool PeersTookBytesSinceLastLook()
        {
            ulong? previous = _acknowledgedAtLastLook;
            _acknowledgedAtLastLook = null;
            if (!TcpSendProgress.TryRead(_activity._client, out TcpSendProgress client)
                || !TcpSendProgress.TryRead(_activity._backend, out TcpSendProgress backend))
            {
                return false;
            }
            ulong acknowledged = client.BytesAcknowledged + backend.BytesAcknowledged;
            _acknowledgedAtLastLook = acknowledged;
            return PeersActive(previous, acknowledged, client.Queued || backend.Queued);
        }

        public void Dispose() => _timer.Dispose();
    }
}
