using System.Net.Sockets;

namespace Gate64.Ingress;

/// <summary>
/// The shared state of one splice: when it last moved a byte, how many it moved each way, which
/// direction is waiting for a write, and whether it ended in an abort. Kept outside the copy loops
/// so the counts survive a reset or an idle timeout, and so that anything (a failed direction, the
/// idle timer, a stopping service) can abort both directions at once.
/// </summary>
internal sealed class SpliceActivity
{
    private readonly Socket _client;
    private readonly Socket _backend;
    private long _lastActivity = Environment.TickCount64;
    private long _up;
    private long _down;
    private int _aborted;
    private int _sendingUp;
    private int _sendingDown;

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

    /// <summary>
    /// Ends both directions without telling either peer the stream ended cleanly: shutting the
    /// receive side of both sockets completes a pending read with an end of stream and sends
    /// nothing; a write waiting for a peer that does not read is woken by shutting that socket's
    /// send side, whose FIN queues behind the unsent bytes and so never leaves before the reset
    /// that the caller's close sends. Safe to call from any thread, more than once, and after the
    /// sockets are closed.
    /// </summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _aborted, 1);
        Shutdown(_client, SocketShutdown.Receive);
        Shutdown(_backend, SocketShutdown.Receive);
        if (Volatile.Read(ref _sendingUp) != 0)
        {
            Shutdown(_backend, SocketShutdown.Send);
        }
        if (Volatile.Read(ref _sendingDown) != 0)
        {
            Shutdown(_client, SocketShutdown.Send);
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
