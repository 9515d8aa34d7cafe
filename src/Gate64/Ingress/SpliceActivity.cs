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

    /// <summary>Cancels <paramref name="abort"/> once no byte moved for <paramref name="idleTimeout"/>; ends when it is cancelled.</summary>
    public async Task WatchAsync(TimeSpan idleTimeout, CancellationTokenSource abort)
    {
        long idleMilliseconds = (long)idleTimeout.TotalMilliseconds;
        while (!abort.IsCancellationRequested)
        {
            long quiet = Environment.TickCount64 - Volatile.Read(ref _lastActivity);
            if (quiet >= idleMilliseconds)
            {
                Abort();
                abort.Cancel();
                return;
            }
            // Every splice ends by cancelling this wait: suppressing the exception keeps that cheap.
            await Task.Delay(TimeSpan.FromMilliseconds(idleMilliseconds - quiet), abort.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
