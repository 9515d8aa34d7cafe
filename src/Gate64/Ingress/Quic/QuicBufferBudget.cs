namespace Gate64.Ingress.Quic;

/// <summary>
/// The bytes all QUIC flows still being routed may hold at once. Flows take from it while they buffer and give back
/// when they are relayed or dropped; a flood of half-open flows runs into it instead of into memory.
/// </summary>
internal sealed class QuicBufferBudget
{
    private long _used;

    public QuicBufferBudget(long max)
    {
        Max = max;
    }

    public long Max { get; set; }

    public long Used => Interlocked.Read(ref _used);

    public bool TryTake(int bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= Max)
        {
            return true;
        }

        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Give(long bytes) => Interlocked.Add(ref _used, -bytes);
}
