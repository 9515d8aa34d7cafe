using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;
using static Gate64.Tests.Bgp.Fsm.BgpSessionHarness;

namespace Gate64.Tests.Bgp.Fsm;

public class BgpSessionMachineTimerTests
{
    private static bool IsKeepalive(object action) => action is SentMessage { Type: BgpMessageType.Keepalive };

    [Fact]
    public void Keepalives_EveryThirdOfTheHoldTime()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        h.Establish(PeerOpen(holdTime: 90));   // negotiated: min(9, 90) = 9 s, keepalive 3 s

        for (int second = 1; second <= 30; second++)
        {
            h.Advance(TimeSpan.FromSeconds(1));
            if (second % 2 == 0)
            {
                h.Machine.OnMessage(Keepalive());   // the peer keeps the hold timer from expiring
            }
        }

        // The OpenConfirm KEEPALIVE was at t=0; the timer was started there.
        List<TimeSpan> times = h.Actions.TimesOf(IsKeepalive);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => TimeSpan.FromSeconds(3 * i)), times);
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void Keepalive_AfterAnUpdateWasSent_TimerStartsOver()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        h.Establish(PeerOpen(holdTime: 9));

        h.Advance(TimeSpan.FromSeconds(2));
        h.Machine.OnMessageSent();
        h.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal([TimeSpan.FromSeconds(5)], h.Actions.TimesOf(IsKeepalive));
    }

    [Fact]
    public void Keepalive_InOpenConfirm_AlreadyRunning()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        h.Machine.OnMessage(PeerOpen(holdTime: 9));
        h.Actions.Take();

        h.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal([TimeSpan.FromSeconds(3)], h.Actions.TimesOf(IsKeepalive));
        Assert.Equal(BgpSessionState.OpenConfirm, h.Machine.State);
    }

    [Fact]
    public void HoldTimer_PeerSilent_HoldTimerExpiredThenDown()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        h.Establish(PeerOpen(holdTime: 9));

        h.Advance(TimeSpan.FromSeconds(5));
        h.Machine.OnMessage(Keepalive());   // restarts the hold timer: expiry at 5 + 9 = 14 s
        h.Advance(TimeSpan.FromSeconds(8.9));
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
        List<object> log = h.Actions.Log;
        int notification = log.FindIndex(a => a is SentMessage { Type: BgpMessageType.Notification });
        BgpNotification sent = ((SentMessage)log[notification]).Notification;
        Assert.Equal((4, 0), (sent.Code, sent.Subcode));
        Assert.Equal(TimeSpan.FromSeconds(14), h.Actions.Times[notification]);
        Assert.Equal(RecordingSessionActions.DisconnectMarker, log[notification + 1]);
        BgpSessionDown down = Assert.IsType<BgpSessionDown>(log[notification + 2]);
        Assert.Equal("hold timer expired", down.Reason);
        Assert.True(down.WasEstablished);
        Assert.Equal(TimeSpan.FromSeconds(1), down.RetryIn);
    }

    [Fact]
    public void HoldTimer_UpdatesAlsoKeepTheSessionAlive()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        h.Establish(PeerOpen(holdTime: 9));

        for (int i = 0; i < 10; i++)
        {
            h.Advance(TimeSpan.FromSeconds(8));
            h.Machine.OnMessage(Announce("198.51.100.0/24"));
        }

        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void HoldTimer_InOpenSent_FourMinutes()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        h.Actions.Take();

        h.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(BgpSessionState.OpenSent, h.Machine.State);
        h.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
        Assert.Equal((4, 0), (h.Actions.Sent.Single().Notification.Code, h.Actions.Sent.Single().Notification.Subcode));
    }

    [Fact]
    public void HoldTimer_InOpenConfirm_Negotiated()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 30 });
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        h.Machine.OnMessage(PeerOpen(holdTime: 60));

        h.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
        Assert.Contains(h.Actions.Sent, s => s.Type == BgpMessageType.Notification && s.Notification.Code == 4);
    }

    [Theory]
    [InlineData(0, 90)]
    [InlineData(90, 0)]
    [InlineData(0, 0)]
    public void HoldTimeZero_NoKeepalivesAndNoExpiry(ushort ours, ushort theirs)
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = ours });
        BgpSessionInfo session = h.Establish(PeerOpen(holdTime: theirs));

        h.Advance(TimeSpan.FromHours(5));

        Assert.Equal(TimeSpan.Zero, session.HoldTime);
        Assert.Equal(TimeSpan.Zero, session.KeepaliveInterval);
        Assert.Empty(h.Actions.Log);
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void HoldTime_Negotiated_IsTheSmaller()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), new BgpSessionHarness(DefaultSettings with { HoldTimeSeconds = 3 }).Establish(PeerOpen(holdTime: 240)).HoldTime);
        Assert.Equal(TimeSpan.FromSeconds(3), new BgpSessionHarness().Establish(PeerOpen(holdTime: 3)).KeepaliveInterval * 3);
    }

    [Fact]
    public void ConnectTimeout_AbandonsTheConnectAndRetries()
    {
        BgpSessionHarness h = new(DefaultSettings with { ConnectTimeout = TimeSpan.FromSeconds(5) });
        h.Machine.Start();

        h.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
        Assert.Equal([RecordingSessionActions.ConnectMarker, RecordingSessionActions.DisconnectMarker], h.Actions.Log.Take(2));
        Assert.StartsWith("connect timed out", Assert.IsType<BgpSessionDown>(h.Actions.Log[2]).Reason);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Actions.Connects);
        Assert.Equal(BgpSessionState.Connect, h.Machine.State);
    }

    [Fact]
    public void ConnectCompletingAfterTheTimeout_ClosedNotUsed()
    {
        BgpSessionHarness h = new(DefaultSettings with { ConnectTimeout = TimeSpan.FromSeconds(5) });
        h.Machine.Start();
        h.Advance(TimeSpan.FromSeconds(5.5));
        h.Actions.Take();

        h.Machine.OnTransportConnected();

        Assert.Equal([RecordingSessionActions.DisconnectMarker], h.Actions.Take());
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Fact]
    public void TimeUntilNextTimer_NullWhenStoppedAndExactWhenRunning()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        Assert.Null(h.Machine.TimeUntilNextTimer);

        h.Establish(PeerOpen(holdTime: 9));
        Assert.Equal(TimeSpan.FromSeconds(3), h.Machine.TimeUntilNextTimer);
        h.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.Zero, h.Machine.TimeUntilNextTimer);

        h.Machine.Stop("bye");
        Assert.Null(h.Machine.TimeUntilNextTimer);
    }
}
