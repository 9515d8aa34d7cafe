using System.Text;
using Gate64.Protocols.Bgp;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpNotificationTests
{
    [Fact]
    public void AdministrativeShutdown_Write_MatchesCapture()
    {
        BgpNotification notification = BgpNotification.AdministrativeShutdown("jail host going down for maintenance");
        byte[] buffer = new byte[64];

        int written = BgpNotificationCodec.Write(notification, buffer);

        Assert.Equal(Hex(ShutdownNotification), buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void TryParse_Capture_DescribesTheShutdownText()
    {
        Assert.True(BgpNotificationCodec.TryParse(Hex(ShutdownNotification), out BgpNotification? notification));

        Assert.Equal((6, 2), (notification!.Code, notification.Subcode));
        Assert.Equal("Cease/Administrative shutdown: \"jail host going down for maintenance\"", notification.Describe());
    }

    [Fact]
    public void AdministrativeShutdown_LongText_CutOnACharacterBoundary()
    {
        string text = new string('a', 254) + "é" + "tail";   // é is 2 bytes: byte 255 would split it

        BgpNotification notification = BgpNotification.AdministrativeShutdown(text);

        ReadOnlySpan<byte> data = notification.Data.Span;
        Assert.Equal(254, data[0]);
        Assert.Equal(255, data.Length);
        Assert.Equal(new string('a', 254), Encoding.UTF8.GetString(data[1..]));
    }

    [Fact]
    public void AdministrativeShutdown_SurrogatePairAtTheEdge_NotSplit()
    {
        string text = new string('b', 253) + "😀";   // 4 bytes: 253 + 4 > 255

        ReadOnlySpan<byte> data = BgpNotification.AdministrativeShutdown(text).Data.Span;

        Assert.Equal(253, data[0]);
        Assert.Equal(254, data.Length);
    }

    [Fact]
    public void AdministrativeShutdown_Exactly255Bytes_Kept()
    {
        string text = new string('c', 251) + "😀";

        Assert.Equal(255, BgpNotification.AdministrativeShutdown(text).Data.Span[0]);
    }

    [Fact]
    public void AdministrativeShutdown_NoText_EmptyCommunication()
    {
        BgpNotification notification = BgpNotification.AdministrativeShutdown(null);

        Assert.Equal([0], notification.Data.ToArray());
        Assert.Equal("Cease/Administrative shutdown", notification.Describe());
    }

    [Theory]
    [InlineData(4, 0, "", "Hold timer expired")]
    [InlineData(2, 2, "fde9", "OPEN message error/Bad peer AS (data fde9)")]
    [InlineData(3, 1, "", "UPDATE message error/Malformed attribute list")]
    [InlineData(5, 2, "", "Finite state machine error/Unexpected message in OpenConfirm state")]
    [InlineData(6, 3, "", "Cease/Peer de-configured")]
    [InlineData(6, 2, "0568690a7468", "Cease/Administrative shutdown: \"hi?th\"")]
    [InlineData(6, 2, "0968", "Cease/Administrative shutdown (data 0968)")]
    [InlineData(6, 9, "0602", "Cease/Hard reset (Cease/Administrative shutdown)")]
    [InlineData(9, 9, "", "Error code 9/subcode 9")]
    [InlineData(2, 99, "", "OPEN message error/subcode 99")]
    public void Describe_KnownAndUnknownCodes(byte code, byte subcode, string data, string expected)
    {
        Assert.Equal(expected, new BgpNotification(code, subcode, Hex(data)).Describe());
    }

    [Fact]
    public void Describe_LongData_HexCut()
    {
        string text = new BgpNotification(3, 9, new byte[100]).Describe();

        Assert.EndsWith("…)", text);
        Assert.Contains(new string('0', 64), text);
        Assert.DoesNotContain(new string('0', 65), text);
    }

    [Fact]
    public void Write_HugeData_CutToTheMessageLimit()
    {
        byte[] buffer = new byte[4096];

        int written = BgpNotificationCodec.Write(new BgpNotification(3, 9, new byte[5000]), buffer);

        Assert.Equal(4096, written);
        Assert.True(BgpNotificationCodec.TryParse(buffer, out BgpNotification? parsed));
        Assert.Equal(BgpNotificationCodec.MaxDataLength, parsed!.Data.Length);
    }

    [Fact]
    public void TryParse_EveryTruncation_False()
    {
        byte[] message = Hex(ShutdownNotification);
        for (int cut = 0; cut < message.Length; cut++)
        {
            Assert.False(BgpNotificationCodec.TryParse(message.AsSpan(0, cut), out BgpNotification? notification));
            Assert.Null(notification);
        }
    }

    [Fact]
    public void TryParse_NotANotification_False()
    {
        Assert.False(BgpNotificationCodec.TryParse(Hex(Keepalive), out _));
    }
}
