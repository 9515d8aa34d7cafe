using System.Buffers;

namespace Gate64.Protocols.Quic;

/// <summary>
/// Puts the CRYPTO stream of the Initial packets back together by offset: pieces may arrive in any order, across
/// packets, duplicated or overlapping (retransmissions; Chrome's "chaos protection" scatters small CRYPTO frames through
/// PADDING and PING). Memory is bounded by the capacity, and the number of separate pieces by a cap, so a sender of many
/// tiny fragments cannot make the bookkeeping grow.
/// </summary>
/// <remarks>
/// <code>
///  offsets:   0 ─────── 1150 ── 1300 ────── 1700 ────── 2400
///  received:  [   piece A   ]    [ piece C ]    (gap)
///  pieces:    {0,1150} {1300,1700}            Contiguous = bytes 0..1150
/// </code>
/// Overlapping bytes must match what was received before: a different value at the same offset could make two readers
/// (the gateway and the server) see two different hellos, so it is refused.
/// </remarks>
public sealed class QuicCryptoReassembler : IDisposable
{
    /// <summary>The default cap on separate pieces held at once.</summary>
    public const int DefaultMaxPieces = 32;

    private const int InitialBufferSize = 4096;

    private readonly int _capacity;
    private readonly (int Start, int End)[] _pieces;
    private byte[] _buffer = [];
    private int _pieceCount;

    /// <param name="capacity">The highest stream offset (exclusive) that may be stored.</param>
    /// <param name="maxPieces">How many separate pieces may be held at once.</param>
    public QuicCryptoReassembler(int capacity, int maxPieces = DefaultMaxPieces)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPieces);
        _capacity = capacity;
        _pieces = new (int, int)[maxPieces + 1];
    }

    /// <summary>The bytes from offset 0 up to the first gap.</summary>
    public ReadOnlySpan<byte> Contiguous => _pieceCount > 0 && _pieces[0].Start == 0 ? _buffer.AsSpan(0, _pieces[0].End) : default;

    /// <summary>The end of the highest piece received: bytes at or beyond it have not arrived.</summary>
    public int End => _pieceCount > 0 ? _pieces[_pieceCount - 1].End : 0;

    /// <summary>Separate pieces held now (1 once everything received so far is contiguous).</summary>
    public int Pieces => _pieceCount;

    /// <summary>Stores <paramref name="data"/> at stream offset <paramref name="offset"/>.</summary>
    public QuicCryptoStatus Add(ulong offset, ReadOnlySpan<byte> data)
    {
        if (offset > (ulong)_capacity || (ulong)data.Length > (ulong)_capacity - offset)
        {
            return QuicCryptoStatus.TooLarge;
        }

        if (data.IsEmpty)
        {
            return QuicCryptoStatus.Accepted;
        }

        int start = (int)offset;
        int end = start + data.Length;

        // Overlaps must repeat what is already there, byte for byte.
        for (int i = 0; i < _pieceCount && _pieces[i].Start < end; i++)
        {
            int from = Math.Max(start, _pieces[i].Start);
            int to = Math.Min(end, _pieces[i].End);
            if (from < to && !data[(from - start)..(to - start)].SequenceEqual(_buffer.AsSpan(from, to - from)))
            {
                return QuicCryptoStatus.Conflict;
            }
        }

        // Merge with every piece that overlaps or touches [start, end).
        int first = 0;
        while (first < _pieceCount && _pieces[first].End < start)
        {
            first++;
        }

        int last = first;
        int mergedStart = start;
        int mergedEnd = end;
        while (last < _pieceCount && _pieces[last].Start <= end)
        {
            mergedStart = Math.Min(mergedStart, _pieces[last].Start);
            mergedEnd = Math.Max(mergedEnd, _pieces[last].End);
            last++;
        }

        int newCount = _pieceCount - (last - first) + 1;
        if (newCount > _pieces.Length - 1)
        {
            return QuicCryptoStatus.TooFragmented;
        }

        EnsureBuffer(end);
        data.CopyTo(_buffer.AsSpan(start));
        int removed = last - first;
        if (removed == 0)
        {
            Array.Copy(_pieces, first, _pieces, first + 1, _pieceCount - first);
        }
        else if (removed > 1)
        {
            Array.Copy(_pieces, last, _pieces, first + 1, _pieceCount - last);
        }

        _pieces[first] = (mergedStart, mergedEnd);
        _pieceCount = newCount;
        return QuicCryptoStatus.Accepted;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        _pieceCount = 0;
    }

    private void EnsureBuffer(int size)
    {
        if (_buffer.Length >= size)
        {
            return;
        }

        int length = Math.Max(size, Math.Min(_capacity, Math.Max(InitialBufferSize, _buffer.Length * 2)));
        byte[] bigger = ArrayPool<byte>.Shared.Rent(length);
        if (_buffer.Length > 0)
        {
            _buffer.AsSpan(0, End).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }
}
