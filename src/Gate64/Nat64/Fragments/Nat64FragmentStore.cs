namespace Gate64.Nat64.Fragments;

/// <summary>
/// Fixed memory for fragments that wait: one array cut into chunks of <see cref="ChunkSize"/> bytes, a fragment
/// stored in as many chunks as it needs (chained, not necessarily adjacent), so fragments of any size share the
/// memory without fragmentation of the store itself and nothing is allocated after construction. A stored fragment
/// is named by a slot, and slots can be chained into lists (<see cref="Next"/>) by the owner. Not thread-safe: the
/// owner (<see cref="Nat64FragmentTable"/>) holds its lock around every call.
/// </summary>
internal sealed class Nat64FragmentStore
{
    /// <summary>Fits a fragment of a 1500-byte link in one chunk.</summary>
    public const int ChunkSize = 2048;

    private const int None = -1;

    private readonly byte[] _memory;

    /// <summary>For a chunk in use, the next chunk of the same fragment; for a free one, the next free chunk.</summary>
    private readonly int[] _chunkNext;

    private readonly int[] _slotChunk;
    private readonly int[] _slotLength;

    /// <summary>For a slot in use, the next slot of the owner's list; for a free one, the next free slot.</summary>
    private readonly int[] _slotNext;

    private int _freeChunk;
    private int _freeChunkCount;
    private int _freeSlot;

    public Nat64FragmentStore(int capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, ChunkSize);
        int chunks = capacityBytes / ChunkSize;
        _memory = GC.AllocateUninitializedArray<byte>(chunks * ChunkSize);
        _chunkNext = new int[chunks];
        // A fragment takes at least one chunk, so there are never more fragments than chunks.
        _slotChunk = new int[chunks];
        _slotLength = new int[chunks];
        _slotNext = new int[chunks];
        for (int i = 0; i < chunks; i++)
        {
            _chunkNext[i] = i + 1 < chunks ? i + 1 : None;
            _slotNext[i] = i + 1 < chunks ? i + 1 : None;
        }
        _freeChunk = 0;
        _freeChunkCount = chunks;
        _freeSlot = 0;
    }

    /// <summary>The bytes the store can hold in all.</summary>
    public int Capacity => _memory.Length;

    /// <summary>The bytes of chunks in use.</summary>
    public int BytesInUse => Capacity - (_freeChunkCount * ChunkSize);

    /// <summary>Copies <paramref name="fragment"/> in; false (nothing stored) when there is not room for it.</summary>
    public bool TryStore(ReadOnlySpan<byte> fragment, out int slot)
    {
        slot = None;
        int needed = Math.Max(1, (fragment.Length + ChunkSize - 1) / ChunkSize);
        if (needed > _freeChunkCount || _freeSlot == None)
        {
            return false;
        }
        slot = _freeSlot;
        _freeSlot = _slotNext[slot];
        _slotNext[slot] = None;
        _slotLength[slot] = fragment.Length;
        int previous = None;
        for (int k = 0; k < needed; k++)
        {
            int chunk = _freeChunk;
            _freeChunk = _chunkNext[chunk];
            _chunkNext[chunk] = None;
            if (previous == None)
            {
                _slotChunk[slot] = chunk;
            }
            else
            {
                _chunkNext[previous] = chunk;
            }
            ReadOnlySpan<byte> piece = fragment.Slice(k * ChunkSize, Math.Min(ChunkSize, fragment.Length - (k * ChunkSize)));
            piece.CopyTo(_memory.AsSpan(chunk * ChunkSize, ChunkSize));
            previous = chunk;
        }
        _freeChunkCount -= needed;
        return true;
    }

    /// <summary>The length of the fragment in <paramref name="slot"/>.</summary>
    public int Length(int slot) => _slotLength[slot];

    /// <summary>The slot after <paramref name="slot"/> in its owner's list, or -1.</summary>
    public int Next(int slot) => _slotNext[slot];

    public void SetNext(int slot, int next) => _slotNext[slot] = next;

    /// <summary>Copies the fragment in <paramref name="slot"/> out (the destination must hold it) and frees the slot; returns its length.</summary>
    public int Take(int slot, Span<byte> destination)
    {
        int length = _slotLength[slot];
        int chunk = _slotChunk[slot];
        for (int offset = 0; offset < length; offset += ChunkSize)
        {
            _memory.AsSpan(chunk * ChunkSize, Math.Min(ChunkSize, length - offset)).CopyTo(destination[offset..]);
            chunk = _chunkNext[chunk];
        }
        Free(slot);
        return length;
    }

    /// <summary>Frees <paramref name="slot"/> and its chunks.</summary>
    public void Free(int slot)
    {
        int chunk = _slotChunk[slot];
        int count = Math.Max(1, (_slotLength[slot] + ChunkSize - 1) / ChunkSize);
        for (int k = 0; k < count; k++)
        {
            int next = _chunkNext[chunk];
            _chunkNext[chunk] = _freeChunk;
            _freeChunk = chunk;
            chunk = next;
        }
        _freeChunkCount += count;
        _slotNext[slot] = _freeSlot;
        _freeSlot = slot;
    }
}
