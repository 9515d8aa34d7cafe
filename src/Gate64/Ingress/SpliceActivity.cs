namespace Gate64.Ingress;

/// <summary>
/// When a spliced connection last moved a byte, how many it moved each way, and whether it ended
/// in an abort. Kept outside the copy loops so the counts survive a reset or an idle timeout.
/// </summary>
internal sealed class SpliceActivity
{
    private long _lastActivity = Environment.TickCount64;
    private long _up;
    private long _down;
    private int _aborted;
    private int _sendingUp;
    private int _sendingDown;

    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    public long Up => Interlocked.Read(ref _up);

    public long Down => Interlocked.Read(ref _down);

    /// <summary>Records bytes copied one way (<paramref name="upstream"/>: client to backend).</summary>
    public void Moved(bool upstream, int bytes)
    {
        Interlocked.Add(ref upstream ? ref _up : ref _down, bytes);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
    }

    public void Abort() => Volatile.Write(ref _aborted, 1);

    /// <summary>Records whether a direction (<paramref name="upstream"/>: client to backend) is waiting for a write to complete.</summary>
    public void Sending(bool upstream, bool sending) => Volatile.Write(ref upstream ? ref _sendingUp : ref _sendingDown, sending ? 1 : 0);

    /// <summary>Whether a direction is waiting for a write to complete (to a peer that does not read).</summary>
    public bool IsSending(bool upstream) => Volatile.Read(ref upstream ? ref _sendingUp : ref _sendingDown) != 0;

    /// <summary>
    /// Cancels <paramref name="abort"/> once no byte moved for <paramref name="idleTimeout"/>, until
    /// the returned watch is disposed. A timer rather than an awaited delay: a splice that ends
    /// disposes it on the thread that saw the end, where cancelling an awaited delay would resume
    /// its waiter on the thread pool, a wake-up and a context switch per connection.
    /// </summary>
    public IDisposable WatchIdle(TimeSpan idleTimeout, CancellationTokenSource abort) => new IdleWatch(this, idleTimeout, abort);

    private sealed class IdleWatch : IDisposable
    {
        private readonly SpliceActivity _activity;
        private readonly CancellationTokenSource _abort;
        private readonly long _idleMilliseconds;
        private readonly ITimer _timer;

        public IdleWatch(SpliceActivity activity, TimeSpan idleTimeout, CancellationTokenSource abort)
        {
            _activity = activity;
            _abort = abort;
            _idleMilliseconds = (long)idleTimeout.TotalMilliseconds;
            _timer = TimeProvider.System.CreateTimer(static state => ((IdleWatch)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(idleTimeout, Timeout.InfiniteTimeSpan);
        }

        /// <summary>On the timer: abort if the splice was quiet all along, else wait for the rest of the period.</summary>
        private void Check()
        {
            long quiet = Environment.TickCount64 - Volatile.Read(ref _activity._lastActivity);
            try
            {
                if (quiet >= _idleMilliseconds)
                {
                    _activity.Abort();
                    _abort.Cancel();
                    return;
                }
                _timer.Change(TimeSpan.FromMilliseconds(_idleMilliseconds - quiet), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The splice ended (and disposed the timer and the source) while this check ran.
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
