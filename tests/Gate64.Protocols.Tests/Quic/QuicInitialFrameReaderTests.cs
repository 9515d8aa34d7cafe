using Gate64.Protocols.Quic;

namespace Gate64.Protocols.Tests.Quic;

public class QuicInitialFrameReaderTests
{
    [Fact]
    public void TryRead_EveryPermittedFrame_ReadInOrder()
    {
        // PADDING x3, PING, ACK with one extra range, ACK_ECN, CRYPTO "hi" at 5, CONNECTION_CLOSE with reason "no".
        byte[] payload = Convert.FromHexString("000000" + "01" + "020a0001020304" + "0305000000010203" + "060502" + "6869" + "1c0a0002" + "6e6f");
        QuicInitialFrameReader reader = new(payload);
        List<QuicFrameKind> kinds = [];
        while (reader.TryRead(out QuicInitialFrame frame))
        {
            kinds.Add(frame.Kind);
            if (frame.Kind == QuicFrameKind.Crypto)
            {
                Assert.Equal(5UL, frame.CryptoOffset);
                Assert.Equal("hi"u8.ToArray(), frame.CryptoData.ToArray());
            }

            if (frame.Kind == QuicFrameKind.ConnectionClose)
            {
                Assert.Equal(0x0aUL, frame.ErrorCode);
            }
        }

        Assert.Null(reader.Error);
        Assert.Equal([QuicFrameKind.Padding, QuicFrameKind.Ping, QuicFrameKind.Ack, QuicFrameKind.Ack, QuicFrameKind.Crypto, QuicFrameKind.ConnectionClose], kinds);
    }

    [Theory]
    [InlineData("0605")]                 // CRYPTO without a length
    [InlineData("06050a6869")]           // CRYPTO longer than the payload
    [InlineData("02000001")]             // ACK cut short
    [InlineData("0200ff0000")]           // ACK claiming many ranges
    [InlineData("1c0a0005")]             // CONNECTION_CLOSE reason overrunning
    [InlineData("10")]                   // MAX_DATA: not allowed in Initial
    [InlineData("4006")]                 // CRYPTO in a two-byte type encoding
    [InlineData("06ffffffffffffffff01")] // CRYPTO ending beyond 2^62 - 1
    public void TryRead_BrokenOrForbidden_StopsWithAnError(string hex)
    {
        QuicInitialFrameReader reader = new(Convert.FromHexString(hex));
        while (reader.TryRead(out _))
        {
        }

        Assert.NotNull(reader.Error);
        Assert.False(reader.TryRead(out _));
    }
}
