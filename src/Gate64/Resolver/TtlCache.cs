namespace Gate64.Resolver;

/// <summary>
/// A least-recently-used cache whose entries expire, bounded by a byte budget that the caller
/// estimates per entry. Keys are byte strings (a DNS question in wire form), probed by span.
/// One lock guards it: the critical sections are a dictionary probe and a few pointer moves.
/// </summary>
internal sealed class TtlCache<TValue>
    where TValue : class
{
    /// <summary>
    /// What an entry costs beyond its value's and key's bytes, counted against the budget: the entry
    /// object (56), its list node (48), its dictionary slot (24, up to twice that after a resize)
    /// and two array headers (2 × 24), with room to spare. A test checks the real heap growth
    /// against the budget.
    /// </summary>
    internal const int EntryOverhead = 240;

    private readonly Dictionary<byte[], LinkedListNode<Entry>> _entries = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], LinkedListNode<Entry>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly LinkedList<Entry> _recency = new();   // most recently used first
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _bytes;

    public TtlCache(long capacityBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        _time = time;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public long CapacityBytes { get; }

    public long SizeBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Finds a live entry; <paramref name="age"/> is the time since it was stored.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out TValue value, out TimeSpan age)
    {
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_lookup.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                Entry entry = node.Value;
                if (now < entry.ExpiresAt)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = entry.Value;
                    age = _time.GetElapsedTime(entry.StoredAt, now);
                    return true;
                }
                RemoveLocked(node);
            }
        }
        value = null!;
        age = default;
        return false;
    }

    /// <summary>Stores or replaces an entry for <paramref name="ttl"/>; an entry larger than the whole budget is not stored.</summary>
    public void Set(ReadOnlySpan<byte> key, TValue value, TimeSpan ttl, int sizeBytes)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }
        long cost = (long)sizeBytes + key.Length + EntryOverhead;
        if (cost > CapacityBytes)
        {
            return;
        }
        long now = _time.GetTimestamp();
        long expiresAt = now + (long)(ttl.TotalSeconds * _time.TimestampFrequency);
        lock (_lock)
        {
            if (_lookup.TryGetValue(key, out LinkedListNode<Entry>? existing))
            {
                RemoveLocked(existing);
            }
            while (_bytes + cost > CapacityBytes && _recency.Last is { } oldest)
            {
                RemoveLocked(oldest);
            }
            byte[] keyBytes = key.ToArray();
            LinkedListNode<Entry> node = _recency.AddFirst(new Entry(keyBytes, value, now, expiresAt, cost));
            _entries.Add(keyBytes, node);
            _bytes += cost;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
            _bytes = 0;
        }
    }

    private void RemoveLocked(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.Key);
        _recency.Remove(node);
        _bytes -= node.Value.Cost;
    }

    private sealed record Entry(byte[] Key, TValue Value, long StoredAt, long ExpiresAt, long Cost);
}
