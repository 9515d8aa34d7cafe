namespace Gate64.Ingress;

/// <summary>Counts open connections across all listeners against one cap.</summary>
internal sealed class ConnectionBudget
{
    private readonly int _max;
    private int _open;

    public ConnectionBudget(int max)
    {
        _max = max;
    }

    public int Open => Volatile.Read(ref _open);

    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= _max)
        {
            return true;
        }
        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref _open);
}
