using Gate64.Protocols.Quic;

namespace Gate64.Protocols.Tests.Quic;

public class QuicCryptoReassemblerTests
{
    private static readonly byte[] s_stream = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))];

    [Fact]
    public void Add_PiecesInRandomOrderWithOverlaps_ContiguousOnlyWhenWhole()
    {
        Random random = new(42);
        for (int round = 0; round < 200; round++)
        {
            using QuicCryptoReassembler reassembler = new(8192);
            List<(int Start, int Length)> pieces = [];
            for (int at = 0; at < s_stream.Length;)
            {
                int length = 1 + random.Next(400);
                // Some pieces reach back over their predecessor: retransmissions with other boundaries.
                int start = Math.Max(0, at - random.Next(3) * 50);
                length = Math.Min(length, s_stream.Length - start);
                pieces.Add((start, length));
                at = start + length;
            }

            foreach ((int start, int length) in pieces.OrderBy(_ => random.Next()))
            {
                Assert.Equal(QuicCryptoStatus.Accepted, reassembler.Add((ulong)start, s_stream.AsSpan(start, length)));
                Assert.Equal(s_stream.AsSpan(0, reassembler.Contiguous.Length).ToArray(), reassembler.Contiguous.ToArray());
            }

            Assert.Equal(s_stream, reassembler.Contiguous.ToArray());
            Assert.Equal(1, reassembler.Pieces);
            Assert.Equal(s_stream.Length, reassembler.End);
        }
    }

    [Fact]
    public void Add_GapAtTheStart_NothingContiguous()
    {
        using QuicCryptoReassembler reassembler = new(8192);
        reassembler.Add(100, s_stream.AsSpan(100, 100));

        Assert.True(reassembler.Contiguous.IsEmpty);
        Assert.Equal(200, reassembler.End);

        reassembler.Add(0, s_stream.AsSpan(0, 99));
        Assert.Equal(99, reassembler.Contiguous.Length);
        Assert.Equal(2, reassembler.Pieces);

        reassembler.Add(99, s_stream.AsSpan(99, 1));
        Assert.Equal(200, reassembler.Contiguous.Length);
        Assert.Equal(1, reassembler.Pieces);
    }

    [Fact]
    public void Add_DifferentBytesAtTheSameOffset_Conflict()
    {
        using QuicCryptoReassembler reassembler = new(8192);
        Assert.Equal(QuicCryptoStatus.Accepted, reassembler.Add(10, "abcdef"u8));

        Assert.Equal(QuicCryptoStatus.Conflict, reassembler.Add(12, "cX"u8));
        Assert.Equal(QuicCryptoStatus.Conflict, reassembler.Add(5, "01234abcdeZ"u8));
        Assert.Equal(QuicCryptoStatus.Accepted, reassembler.Add(12, "cdefgh"u8));
        Assert.Equal(16 - 10 + 2, reassembler.End - 10);
    }

    [Fact]
    public void Add_BeyondCapacity_TooLarge()
    {
        using QuicCryptoReassembler reassembler = new(100);

        Assert.Equal(QuicCryptoStatus.TooLarge, reassembler.Add(95, new byte[6]));
        Assert.Equal(QuicCryptoStatus.TooLarge, reassembler.Add(ulong.MaxValue, new byte[1]));
        Assert.Equal(QuicCryptoStatus.TooLarge, reassembler.Add(101, []));
        Assert.Equal(QuicCryptoStatus.Accepted, reassembler.Add(95, new byte[5]));
    }

    [Fact]
    public void Add_TooManySeparatePieces_TooFragmented()
    {
        using QuicCryptoReassembler reassembler = new(10_000, maxPieces: 4);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(QuicCryptoStatus.Accepted, reassembler.Add((ulong)(i * 10), s_stream.AsSpan(i * 10, 5)));
        }

        Assert.Equal(QuicCryptoStatus.TooFragmented, reassembler.Add(100, s_stream.AsSpan(100, 5)));
        // Filling a gap merges two pieces and is always possible.
        Assert.Equal(QuicCryptoStatus.Accepted, reassembler.Add(5, s_stream.AsSpan(5, 5)));
        Assert.Equal(3, reassembler.Pieces);
    }
}
