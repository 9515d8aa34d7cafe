using System.Buffers.Binary;
using Gate64.Protocols.Bgp;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpMessageHeaderTests
{
    [Fact]
    public void TryRead_Keepalive_Complete()
    {
        BgpFrameStatus status = BgpMessageHeader.TryRead(Hex(Keepalive), out BgpMessageType type, out int length, out BgpNotification? error);

        Assert.Equal(BgpFrameStatus.Complete, status);
        Assert.Equal(BgpMessageType.Keepalive, type);
        Assert.Equal(19, length);
        Assert.Null(error);
    }

    [Fact]
    public void TryRead_TwoMessagesBuffered_FramesTheFirst()
    {
        byte[] buffer = [.. Hex(BirdOpen), .. Hex(Keepalive)];

        Assert.Equal(BgpFrameStatus.Complete, BgpMessageHeader.TryRead(buffer, out BgpMessageType type, out int length, out _));
        Assert.Equal(BgpMessageType.Open, type);
        Assert.Equal(0x35, length);
        Assert.Equal(BgpFrameStatus.Complete, BgpMessageHeader.TryRead(buffer.AsSpan(length), out type, out _, out _));
        Assert.Equal(BgpMessageType.Keepalive, type);
    }

    [Fact]
    public void TryRead_EveryTruncationOfEveryVector_Incomplete()
    {
        foreach (byte[] message in AllVectors())
        {
            for (int cut = 0; cut < message.Length; cut++)
            {
                BgpFrameStatus status = BgpMessageHeader.TryRead(message.AsSpan(0, cut), out BgpMessageType type, out int length, out BgpNotification? error);
                Assert.Equal(BgpFrameStatus.Incomplete, status);
                Assert.Null(error);
                if (cut >= 19)
                {
                    // Past the header the caller already learns the type and the length to wait for.
                    Assert.Equal((BgpMessageType)message[18], type);
                    Assert.Equal(message.Length, length);
                }
            }

            Assert.Equal(BgpFrameStatus.Complete, BgpMessageHeader.TryRead(message, out _, out _, out _));
        }
    }

    [Fact]
    public void TryRead_MarkerNotAllOnes_ConnectionNotSynchronized()
    {
        for (int i = 0; i < 16; i++)
        {
            byte[] message = Hex(Keepalive);
            message[i] = 0xFE;

            Assert.Equal(BgpFrameStatus.Invalid, BgpMessageHeader.TryRead(message, out _, out _, out BgpNotification? error));
            Assert.Equal((1, 1), (error!.Code, error.Subcode));
        }
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(18, 4)]
    [InlineData(4097, 2)]
    [InlineData(65535, 2)]
    [InlineData(20, 4)]     // KEEPALIVE is exactly 19
    [InlineData(28, 1)]     // OPEN needs 29
    [InlineData(22, 2)]     // UPDATE needs 23
    [InlineData(20, 3)]     // NOTIFICATION needs 21
    [InlineData(22, 5)]     // ROUTE-REFRESH needs 23
    public void TryRead_LengthOutOfRange_BadMessageLengthWithTheField(int length, byte type)
    {
        byte[] message = new byte[Math.Max(length, 19)];
        message.AsSpan(0, 16).Fill(0xFF);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(16), (ushort)length);
        message[18] = type;

        Assert.Equal(BgpFrameStatus.Invalid, BgpMessageHeader.TryRead(message, out _, out _, out BgpNotification? error));
        Assert.Equal((1, 2), (error!.Code, error.Subcode));
        Assert.Equal(message.AsSpan(16, 2).ToArray(), error.Data.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(255)]
    public void TryRead_UnknownType_BadMessageTypeWithTheType(byte type)
    {
        byte[] message = Hex(Keepalive);
        message[18] = type;

        Assert.Equal(BgpFrameStatus.Invalid, BgpMessageHeader.TryRead(message, out _, out _, out BgpNotification? error));
        Assert.Equal((1, 3), (error!.Code, error.Subcode));
        Assert.Equal([type], error.Data.ToArray());
    }

    [Fact]
    public void TryRead_LongLengthAnnouncedBeforeTheBody_InvalidWithoutWaiting()
    {
        byte[] header = Hex(Keepalive);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(16), 5000);

        Assert.Equal(BgpFrameStatus.Invalid, BgpMessageHeader.TryRead(header, out _, out _, out _));
    }

    [Fact]
    public void Write_Keepalive_MatchesCapture()
    {
        byte[] buffer = new byte[19];

        Assert.Equal(19, BgpKeepalive.Write(buffer));
        Assert.Equal(Hex(Keepalive), buffer);
    }

    [Fact]
    public void Write_LengthOutOfRange_Throws()
    {
        byte[] buffer = new byte[19];

        Assert.Throws<ArgumentOutOfRangeException>(() => BgpMessageHeader.Write(buffer, BgpMessageType.Update, 18));
        Assert.Throws<ArgumentOutOfRangeException>(() => BgpMessageHeader.Write(buffer, BgpMessageType.Update, 4097));
        Assert.Throws<ArgumentException>(() => BgpMessageHeader.Write(new byte[18], BgpMessageType.Keepalive, 19));
    }
}
