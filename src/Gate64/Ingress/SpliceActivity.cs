namespace Gate64.Ingress;

/// <summary>When a spliced connection last moved a byte, and whether it ended in an abort.</summary>
internal sealed class SpliceActivity
{
    private long _lastActivity = Environment.TickCount64;
    private int _aborted;

    public bool Aborted => Volatile.Read(ref _aborted) != 0;

    public void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    public void Abort() => Volatile.Write(ref _aborted, 1);

    /// <summary>Cancels <paramref name="abort"/> once no byte moved for <paramref name="idleTimeout"/>; ends when it is cancelled.</summary>
    public async Task WatchAsync(TimeSpan idleTimeout, CancellationTokenSource abort)
    {
        long idleMilliseconds = (long)idleTimeout.TotalMilliseconds;
        try
        {
            while (true)
            {
                long quiet = Environment.TickCount64 - Volatile.Read(ref _lastActivity);
                if (quiet >= idleMilliseconds)
                {
                    Abort();
                    await abort.CancelAsync().ConfigureAwait(false);
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(idleMilliseconds - quiet), abort.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the splice ended first
        }
    }
}
