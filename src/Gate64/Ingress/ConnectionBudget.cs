namespace Gate64.Ingress;

/// <summary>
/// Counts open connections across all listeners against one cap. A reload may change the cap:
/// lowering it closes nothing, it only turns new connections away until enough have ended.
/// </summary>
internal sealed class ConnectionBudget
{
    private int _max;
    private int _open;

    public ConnectionBudget(int max)
    {
        _max = max;
    }

    public int Open => Volatile.Read(ref _open);

    public int Max
    {
        get => Volatile.Read(ref _max);
        set => Volatile.Write(ref _max, value);
    }

    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= Volatile.Read(ref _max))
        {
            return true;
        }
        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref _open);
}
