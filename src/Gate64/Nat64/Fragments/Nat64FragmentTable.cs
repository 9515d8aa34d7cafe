using Gate64.Protocols.Nat64;

namespace Gate64.Nat64.Fragments;

/// <summary>
/// Maps the fragments of a datagram to the translation its first fragment got (RFC 6146 §3.4, §3.5; RFC 7915 §4.1,
/// §5.1.1), without reassembling: only the first fragment carries ports, so it goes through the state table as any
/// packet and its mapping is remembered under the datagram's <see cref="Nat64FragmentKey"/>; later fragments are
/// translated with it (addresses and Identification only; their bytes are data). A later fragment that arrives before
/// its first is held, copied into a fixed store, and released right after the first. An ICMP echo's first fragment
/// also needs the whole message's length (the ICMPv6 pseudo-header holds it), which only the last fragment tells: it
/// is held until the last one arrives, while the others pass.
/// <list type="bullet">
/// <item>Lifetime: <see cref="DefaultTimeout"/> from the first fragment to arrive (RFC 6146 §4 asks for at least
/// FRAGMENT_MIN, 2 s; a translator only bridges reordering, which takes milliseconds, not a reassembly's 30–60 s).
/// A datagram whose bytes all went by is forgotten at once, so an Identification can be used again soon (IPv4's 16
/// bits wrap quickly). <see cref="Sweep"/> drops what expired and counts the fragments it held.</item>
/// <item>Bounds: <see cref="DefaultMaxDatagrams"/> datagrams (the oldest is evicted to make room, like Linux's
/// fragment queue evictor), <see cref="MaxHeldPerDatagram"/> fragments held per datagram, and
/// <see cref="DefaultHoldBytes"/> of held fragments in all. A fragment over a bound is dropped and counted.</item>
/// </list>
/// <para>
/// Why one table for every queue, with a lock: with <c>IFF_MULTI_QUEUE</c> the kernel picks a TUN queue by the
/// packet's symmetric flow hash (<c>tun_automq_select_queue</c>), and the flow dissector takes no ports from a
/// fragment — not from a non-first one, which has none, and not from the first either unless asked to parse it — so
/// the fragments of one datagram usually meet on one queue. But the TUN's flow table (learned from the queues'
/// writes) and a steering program can send a hash elsewhere, and the datagram's unfragmented neighbours hash with
/// ports onto other queues anyway. A shared table is right whichever queue a fragment lands on; the lock is taken
/// only for fragments, which are rare, and an unfragmented packet never touches it.
/// </para>
/// </summary>
internal sealed class Nat64FragmentTable
{
    public const int DefaultHoldBytes = 1 << 20;

    public const int DefaultMaxDatagrams = 1024;

    /// <summary>A 64 KiB datagram over 1280-byte links is 54 fragments.</summary>
    public const int MaxHeldPerDatagram = 64;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private const int None = -1;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _timeout;
    private readonly Nat64FragmentStore _store;
    private readonly Nat64FragmentDatagram[] _datagrams;
    private readonly Dictionary<Nat64FragmentKey, int> _index;
    private int _free;
    private int _count;
    private long _timedOut;
    private long _evicted;

    public Nat64FragmentTable(TimeProvider time, TimeSpan? timeout = null, int holdBytes = DefaultHoldBytes, int maxDatagrams = DefaultMaxDatagrams)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagrams, 1);
        TimeSpan lifetime = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(timeout));
        _time = time;
        _timeout = (long)((Int128)lifetime.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond);
        Timeout = lifetime;
        _store = new Nat64FragmentStore(holdBytes);
        _datagrams = new Nat64FragmentDatagram[maxDatagrams];
        for (int i = 0; i < maxDatagrams; i++)
        {
            _datagrams[i] = new Nat64FragmentDatagram { NextFree = i + 1 < maxDatagrams ? i + 1 : None };
        }
        _index = new Dictionary<Nat64FragmentKey, int>(maxDatagrams);
    }

    public TimeSpan Timeout { get; }

    /// <summary>Fragments dropped because their datagram expired while they were held.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Fragments dropped because their datagram was evicted to make room for a newer one.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Datagrams known now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Bytes of the store in use by held fragments now.</summary>
    public int BytesHeld
    {
        get
        {
            lock (_lock)
            {
                return _store.BytesInUse;
            }
        }
    }

    /// <summary>
    /// A first fragment (offset 0, more to come) got <paramref name="mapping"/> from the state table: remember it for
    /// the later fragments. With <paramref name="needsTotal"/> (an echo) and the last fragment not seen yet, the
    /// fragment is held (<see cref="Nat64FragmentVerdict.Held"/>) until it is; otherwise translate it now, with
    /// <paramref name="total"/> the fragmentable length if known (-1 if not), then take what
    /// <see cref="TryTakeReady"/> gives.
    /// </summary>
    public Nat64FragmentVerdict First(in Nat64FragmentKey key, in Nat64Mapping mapping, int dataLength, bool needsTotal, ReadOnlySpan<byte> fragment, out int total)
    {
        lock (_lock)
        {
            Nat64FragmentDatagram datagram = GetOrAdd(key);
            datagram.HasMapping = true;
            datagram.IsRefused = false;
            datagram.Mapping = mapping;
            total = datagram.Total;
            if (needsTotal && datagram.Total < 0)
            {
                if (datagram.FirstSlot != None || !TryHold(datagram, fragment, out int slot))
                {
                    return Nat64FragmentVerdict.Overflow;
                }
                datagram.FirstSlot = slot;
                datagram.Seen += dataLength;
                return Nat64FragmentVerdict.Held;
            }
            datagram.Seen += dataLength;
            return Nat64FragmentVerdict.Translate;
        }
    }

    /// <summary>
    /// A later fragment (offset &gt; 0): <see cref="Nat64FragmentVerdict.Translate"/> with the first fragment's
    /// <paramref name="mapping"/> (then take what <see cref="TryTakeReady"/> gives: a held first echo fragment may
    /// have been waiting for this one), held until the first arrives, or dropped.
    /// </summary>
    public Nat64FragmentVerdict Later(in Nat64FragmentKey key, int offset, int dataLength, bool moreFragments, ReadOnlySpan<byte> fragment, out Nat64Mapping mapping)
    {
        mapping = default;
        lock (_lock)
        {
            Nat64FragmentDatagram datagram = GetOrAdd(key);
            if (datagram.IsRefused)
            {
                return Nat64FragmentVerdict.Refused;
            }
            if (!moreFragments)
            {
                datagram.Total = offset + dataLength;
            }
            if (datagram.HasMapping)
            {
                datagram.Seen += dataLength;
                mapping = datagram.Mapping;
                return Nat64FragmentVerdict.Translate;
            }
            if (!TryHold(datagram, fragment, out int slot))
            {
                return Nat64FragmentVerdict.Overflow;
            }
            if (datagram.HeldTail == None)
            {
                datagram.HeldHead = slot;
            }
            else
            {
                _store.SetNext(datagram.HeldTail, slot);
            }
            datagram.HeldTail = slot;
            datagram.Seen += dataLength;
            return Nat64FragmentVerdict.Held;
        }
    }

    /// <summary>
    /// Takes one held fragment of the datagram that can be translated now (copied into <paramref name="destination"/>,
    /// which must hold a whole packet), with the mapping and the fragmentable length (-1 if unknown). False when there
    /// is none; the datagram is then forgotten if all its bytes went by.
    /// </summary>
    public bool TryTakeReady(in Nat64FragmentKey key, Span<byte> destination, out int length, out Nat64Mapping mapping, out int total)
    {
        length = 0;
        mapping = default;
        total = -1;
        lock (_lock)
        {
            if (!_index.TryGetValue(key, out int index))
            {
                return false;
            }
            Nat64FragmentDatagram datagram = _datagrams[index];
            if (!datagram.HasMapping)
            {
                return false;
            }
            int slot;
            if (datagram.HeldHead != None)
            {
                slot = datagram.HeldHead;
                datagram.HeldHead = _store.Next(slot);
                if (datagram.HeldHead == None)
                {
                    datagram.HeldTail = None;
                }
            }
            else if (datagram.FirstSlot != None && datagram.Total >= 0)
            {
                slot = datagram.FirstSlot;
                datagram.FirstSlot = None;
            }
            else
            {
                if (datagram.FirstSlot == None && datagram.Total >= 0 && datagram.Seen >= datagram.Total)
                {
                    Remove(index);
                }
                return false;
            }
            datagram.HeldCount--;
            length = _store.Take(slot, destination);
            mapping = datagram.Mapping;
            total = datagram.Total;
            return true;
        }
    }

    /// <summary>The first fragment was refused: drop what waits for it and, until the datagram expires, whatever follows. Returns the fragments dropped.</summary>
    public int Refuse(in Nat64FragmentKey key)
    {
        lock (_lock)
        {
            Nat64FragmentDatagram datagram = GetOrAdd(key);
            int dropped = FreeHeld(datagram);
            datagram.IsRefused = true;
            datagram.HasMapping = false;
            return dropped;
        }
    }

    /// <summary>Drops the datagrams whose time is up, counting the fragments they held; returns how many datagrams went.</summary>
    public int Sweep()
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            int removed = 0;
            for (int i = 0; i < _datagrams.Length && _count > 0; i++)
            {
                Nat64FragmentDatagram datagram = _datagrams[i];
                if (datagram.InUse && datagram.ExpiresAt <= now)
                {
                    Interlocked.Add(ref _timedOut, FreeHeld(datagram));
                    Remove(i);
                    removed++;
                }
            }
            return removed;
        }
    }

    /// <summary>The datagram of <paramref name="key"/>: the known one (started afresh if it expired), or a new one, evicting the oldest when full.</summary>
    private Nat64FragmentDatagram GetOrAdd(in Nat64FragmentKey key)
    {
        long now = _time.GetTimestamp();
        if (_index.TryGetValue(key, out int index))
        {
            Nat64FragmentDatagram known = _datagrams[index];
            if (known.ExpiresAt <= now)
            {
                Interlocked.Add(ref _timedOut, FreeHeld(known));
                known.Reset(key, now + _timeout);
            }
            return known;
        }
        if (_free == None)
        {
            int oldest = 0;
            for (int i = 1; i < _datagrams.Length; i++)
            {
                if (_datagrams[i].ExpiresAt < _datagrams[oldest].ExpiresAt)
                {
                    oldest = i;
                }
            }
            Interlocked.Add(ref _evicted, FreeHeld(_datagrams[oldest]));
            Remove(oldest);
        }
        index = _free;
        Nat64FragmentDatagram datagram = _datagrams[index];
        _free = datagram.NextFree;
        datagram.Reset(key, now + _timeout);
        _index.Add(key, index);
        _count++;
        return datagram;
    }

    private bool TryHold(Nat64FragmentDatagram datagram, ReadOnlySpan<byte> fragment, out int slot)
    {
        slot = None;
        if (datagram.HeldCount >= MaxHeldPerDatagram || !_store.TryStore(fragment, out slot))
        {
            return false;
        }
        datagram.HeldCount++;
        return true;
    }

    /// <summary>Frees every fragment the datagram holds; returns how many.</summary>
    private int FreeHeld(Nat64FragmentDatagram datagram)
    {
        int freed = 0;
        for (int slot = datagram.HeldHead; slot != None;)
        {
            int next = _store.Next(slot);
            _store.Free(slot);
            slot = next;
            freed++;
        }
        if (datagram.FirstSlot != None)
        {
            _store.Free(datagram.FirstSlot);
            freed++;
        }
        datagram.HeldHead = None;
        datagram.HeldTail = None;
        datagram.FirstSlot = None;
        datagram.HeldCount = 0;
        return freed;
    }

    /// <summary>Forgets the datagram at <paramref name="index"/> (its held fragments must be freed or taken already).</summary>
    private void Remove(int index)
    {
        Nat64FragmentDatagram datagram = _datagrams[index];
        _index.Remove(datagram.Key);
        datagram.InUse = false;
        datagram.NextFree = _free;
        _free = index;
        _count--;
    }
}
