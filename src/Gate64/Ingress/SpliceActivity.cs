using System.Net.Sockets;

namespace Gate64.Ingress;

/// <summary>
/// The shared state of one splice: when it last moved a byte, how many it moved each way, which
/// directions still run and which wait for a write, which socket failed, and whether the splice
/// ended in an abort. Kept outside the copy loops so the counts survive a reset or an idle timeout,
/// and so that anything (a failed direction, the idle timer, a stopping service) can end the
/// directions still running. Waking costs system calls, so only what still waits is woken, and a
/// socket that already failed (most often a client's reset) is left alone.
/// </summary>
internal sealed class SpliceActivity
{
    private readonly Socket _client;
    private readonly Socket _backend;
    private long _lastActivity = Environment.TickCount64;
    private long _up;
    private long _down;
    private int _aborted;
    private int _upEnded;
    private int _downEnded;
    private int _sendingUp;
    private int _sendingDown;
    private int _clientFailed;
    private int _backendFailed;

    public SpliceActivity(Socket client, Socket backend)
    {
        _client = client;
        _backend = backend;
    }

    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    public long Up => Interlocked.Read(ref _up);

    public long Down => Interlocked.Read(ref _down);

    /// <summary>Records bytes copied one way (<paramref name="upstream"/>: client to backend).</summary>
    public void Moved(bool upstream, int bytes)
    {
        Interlocked.Add(ref upstream ? ref _up : ref _down, bytes);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
    }

    /// <summary>
    /// Records whether a direction (<paramref name="upstream"/>: client to backend) is waiting for a
    /// write to complete. A full fence, as in <see cref="Abort"/>: a direction that starts a write
    /// and then reads <see cref="Aborted"/> as false is sure to be seen, and woken, by the abort.
    /// </summary>
    public void Sending(bool upstream, bool sending) => Interlocked.Exchange(ref upstream ? ref _sendingUp : ref _sendingDown, sending ? 1 : 0);

    /// <summary>Records that a direction's loop has returned: an abort has nothing to wake there.</summary>
    public void Ended(bool upstream) => Interlocked.Exchange(ref upstream ? ref _upEnded : ref _downEnded, 1);

    /// <summary>
    /// A direction failed on its source (a receive) or its destination (a send): it ends, the
    /// failed socket is left alone from now on, and the splice aborts. A failure after an abort may
    /// be the abort's own doing (a send woken by its shutdown) and so says nothing about the peer:
    /// that socket still gets its reset.
    /// </summary>
    public void Failed(bool upstream, bool atSource)
    {
        if (!Aborted)
        {
            bool clientFailed = upstream == atSource;   // upstream reads the client; downstream writes to it
            Interlocked.Exchange(ref clientFailed ? ref _clientFailed : ref _backendFailed, 1);
        }
        Ended(upstream);
        Abort();
    }

    /// <summary>
    /// Ends the directions still running without telling either peer the stream ended cleanly:
    /// shutting a source's receive side completes a pending read with an end of stream and sends
    /// nothing; a write waiting for a peer that does not read is woken by shutting that socket's
    /// send side, whose FIN queues behind the unsent bytes and so never leaves before the reset
    /// that the close sends (see <see cref="PrepareResets"/>). Safe from any thread, more than
    /// once, and after the sockets are closed.
    /// </summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _aborted, 1);
        Wake(ref _upEnded, ref _sendingUp, _client, ref _clientFailed, _backend, ref _backendFailed);
        Wake(ref _downEnded, ref _sendingDown, _backend, ref _backendFailed, _client, ref _clientFailed);
    }

    /// <summary>After an abort: makes closing each socket that has not failed send a reset (SO_LINGER 0), not a FIN.</summary>
    public void PrepareResets()
    {
        if (Volatile.Read(ref _clientFailed) == 0)
        {
            _client.LingerState = new LingerOption(true, 0);
        }
        if (Volatile.Read(ref _backendFailed) == 0)
        {
            _backend.LingerState = new LingerOption(true, 0);
        }
    }

    private static void Wake(ref int ended, ref int sending, Socket source, ref int sourceFailed, Socket destination, ref int destinationFailed)
    {
        if (Volatile.Read(ref ended) != 0)
        {
            return;
        }
        if (Volatile.Read(ref sourceFailed) == 0)
        {
            Shutdown(source, SocketShutdown.Receive);
        }
        if (Volatile.Read(ref sending) != 0 && Volatile.Read(ref destinationFailed) == 0)
        {
            Shutdown(destination, SocketShutdown.Send);
        }
    }

    private static void Shutdown(Socket socket, SocketShutdown how)
    {
        try
        {
            socket.Shutdown(how);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: nothing is pending on it any more.
        }
    }

    /// <summary>
    /// Aborts the splice once no byte moved for <paramref name="idleTimeout"/>, until the returned
    /// watch is disposed. A timer rather than an awaited delay: a splice that ends disposes it on
    /// the thread that saw the end, where cancelling an awaited delay would resume its waiter on the
    /// thread pool, a wake-up and a context switch per connection.
    /// </summary>
    public IDisposable WatchIdle(TimeSpan idleTimeout) => new IdleWatch(this, idleTimeout);

    private sealed class IdleWatch : IDisposable
    {
        private readonly SpliceActivity _activity;
        private readonly long _idleMilliseconds;
        private readonly ITimer _timer;

        public IdleWatch(SpliceActivity activity, TimeSpan idleTimeout)
        {
            _activity = activity;
            _idleMilliseconds = (long)idleTimeout.TotalMilliseconds;
            _timer = TimeProvider.System.CreateTimer(static state => ((IdleWatch)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(idleTimeout, Timeout.InfiniteTimeSpan);
        }

        /// <summary>On the timer: abort if the splice was quiet all along, else wait for the rest of the period.</summary>
        private void Check()
        {
            long quiet = Environment.TickCount64 - Volatile.Read(ref _activity._lastActivity);
            if (quiet >= _idleMilliseconds)
            {
                _activity.Abort();
                return;
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

        public void Dispose() => _timer.Dispose();
    }
}
