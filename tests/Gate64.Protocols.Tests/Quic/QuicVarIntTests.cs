using Gate64.Protocols.Quic;

namespace Gate64.Protocols.Tests.Quic;

public class QuicVarIntTests
{
    [Theory]
    [InlineData("c2197c5eff14e88c", 151_288_809_941_952_652UL, 8)]   // RFC 9000 §A.1
    [InlineData("9d7f3e7d", 494_878_333UL, 4)]
    [InlineData("7bbd", 15_293UL, 2)]
    [InlineData("25", 37UL, 1)]
    [InlineData("4025", 37UL, 2)]
    public void TryRead_RfcExamples_DecodeToTheirValues(string hex, ulong expected, int length)
    {
        Assert.True(QuicVarInt.TryRead(Convert.FromHexString(hex + "ff"), out ulong value, out int read));
        Assert.Equal(expected, value);
        Assert.Equal(length, read);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(63UL)]
    [InlineData(64UL)]
    [InlineData(16_383UL)]
    [InlineData(16_384UL)]
    [InlineData(1_073_741_823UL)]
    [InlineData(1_073_741_824UL)]
    [InlineData(QuicVarInt.MaxValue)]
    public void Write_ThenRead_RoundTripsInTheShortestForm(ulong value)
    {
        byte[] buffer = new byte[8];
        int written = QuicVarInt.Write(buffer, value);

        Assert.Equal(QuicVarInt.GetLength(value), written);
        Assert.True(QuicVarInt.TryRead(buffer.AsSpan(0, written), out ulong read, out int length));
        Assert.Equal(value, read);
        Assert.Equal(written, length);
        for (int cut = 0; cut < written; cut++)
        {
            Assert.False(QuicVarInt.TryRead(buffer.AsSpan(0, cut), out _, out _));
        }
    }

    [Fact]
    public void Write_TooShortForcedLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuicVarInt.Write(new byte[8], 64, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuicVarInt.Write(new byte[8], 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuicVarInt.GetLength(QuicVarInt.MaxValue + 1));
    }
}
