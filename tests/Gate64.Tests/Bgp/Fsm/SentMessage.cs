using Gate64.Protocols.Bgp;

namespace Gate64.Tests.Bgp.Fsm;

/// <summary>A message the machine asked to send, with accessors that parse it.</summary>
internal sealed record SentMessage(byte[] Message)
{
    public BgpMessageType Type => (BgpMessageType)Message[18];

    public BgpNotification Notification
    {
        get
        {
            Assert.True(BgpNotificationCodec.TryParse(Message, out BgpNotification? notification), $"{Type} is not a NOTIFICATION");
            return notification!;
        }
    }

    public BgpOpen Open
    {
        get
        {
            Assert.True(BgpOpenCodec.TryParse(Message, out BgpOpen? open, out _), $"{Type} is not an OPEN");
            return open!;
        }
    }
}
