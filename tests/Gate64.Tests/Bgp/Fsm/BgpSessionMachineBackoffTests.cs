using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;
using static Gate64.Tests.Bgp.Fsm.BgpSessionHarness;

namespace Gate64.Tests.Bgp.Fsm;

public class BgpSessionMachineBackoffTests
{
    private static readonly int[] s_doubling = [1, 2, 4, 8, 16, 32, 60, 60, 60];

    [Fact]
    public void ConnectFailures_RetryDelaysDoubleToTheCap()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        List<TimeSpan> retryIn = [];

        foreach (int seconds in s_doubling)
        {
            h.Machine.OnTransportFailed("connection refused");
            BgpSessionDown down = h.Actions.Log.OfType<BgpSessionDown>().Last();
            retryIn.Add(down.RetryIn!.Value);
            int connects = h.Actions.Connects;

            h.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(connects, h.Actions.Connects);   // not a moment early
            h.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(connects + 1, h.Actions.Connects);
            Assert.Equal(BgpSessionState.Connect, h.Machine.State);
        }

        Assert.Equal(s_doubling.Select(s => TimeSpan.FromSeconds(s)), retryIn);
        Assert.Equal(s_doubling.Length, h.Machine.ConsecutiveFailures);
    }

    [Fact]
    public void NotificationReceived_BackoffDoublesThenResetsAfterAStableSession()
    {
        BgpSessionHarness h = new(DefaultSettings with { HoldTimeSeconds = 9 });
        h.Machine.Start();
        List<TimeSpan> retries = [];

        // Five sessions that the peer ends right after Established: a flapping peer is damped.
        for (int i = 0; i < 5; i++)
        {
            ReachEstablished(h);
            h.Machine.OnMessage(Notification(BgpNotification.Cease(BgpCeaseSubcode.OtherConfigurationChange)));
            BgpSessionDown down = h.Actions.Log.OfType<BgpSessionDown>().Last();
            Assert.NotNull(down.Received);
            Assert.Null(down.Sent);
            Assert.True(down.WasEstablished);
            retries.Add(down.RetryIn!.Value);
            h.Advance(down.RetryIn.Value);
        }

        Assert.Equal([1, 2, 4, 8, 16], retries.Select(r => r.TotalSeconds));

        // This one stays up for the hold time (9 s), with keepalives both ways: the backoff starts over.
        ReachEstablished(h);
        for (int i = 0; i < 4; i++)
        {
            h.Advance(TimeSpan.FromSeconds(3));
            h.Machine.OnMessage(Keepalive());
        }

        Assert.Equal(0, h.Machine.ConsecutiveFailures);
        h.Machine.OnMessage(Notification(BgpNotification.AdministrativeShutdown("maintenance")));
        BgpSessionDown last = h.Actions.Log.OfType<BgpSessionDown>().Last();
        Assert.Equal(TimeSpan.FromSeconds(1), last.RetryIn);
        Assert.Equal("the peer sent: Cease/Administrative shutdown: \"maintenance\"", last.Reason);
    }

    [Fact]
    public void StableSessionTime_Configured_Honoured()
    {
        BgpSessionHarness h = new(DefaultSettings with { StableSessionTime = TimeSpan.FromMinutes(5), HoldTimeSeconds = 0 });
        h.Machine.Start();
        h.Machine.OnTransportFailed("refused");
        h.Advance(TimeSpan.FromSeconds(1));
        h.Machine.OnTransportFailed("refused");
        h.Advance(TimeSpan.FromSeconds(2));
        ReachEstablished(h);
        Assert.Equal(2, h.Machine.ConsecutiveFailures);

        h.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Machine.ConsecutiveFailures);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Machine.ConsecutiveFailures);
    }

    [Fact]
    public void Jitter_DelaysBetweenThreeQuartersAndAllOfNominal()
    {
        BgpSessionHarness h = new(jitter: new Random(1234));
        h.Machine.Start();
        List<double> ratios = [];

        for (int i = 0; i < 40; i++)
        {
            h.Machine.OnTransportFailed("refused");
            BgpSessionDown down = h.Actions.Log.OfType<BgpSessionDown>().Last();
            double nominal = Math.Min(Math.Pow(2, Math.Min(i, 10)), 60);
            ratios.Add(down.RetryIn!.Value.TotalSeconds / nominal);
            h.Advance(down.RetryIn.Value);
            Assert.Equal(BgpSessionState.Connect, h.Machine.State);
        }

        Assert.All(ratios, r => Assert.InRange(r, 0.75, 1.0));
        Assert.True(ratios.Distinct().Count() > 30, "the delays should differ");
    }

    [Fact]
    public void Reset_AdministrativeResetThenQuickReconnect()
    {
        BgpSessionHarness h = new();
        h.Establish();

        h.Machine.Reset("configuration changed");

        BgpNotification sent = h.Actions.Sent.Single().Notification;
        Assert.Equal("Cease/Administrative reset: \"configuration changed\"", sent.Describe());
        Assert.Equal(0, h.Machine.ConsecutiveFailures);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BgpSessionState.Connect, h.Machine.State);
    }

    private static void ReachEstablished(BgpSessionHarness h)
    {
        Assert.Equal(BgpSessionState.Connect, h.Machine.State);
        h.Machine.OnTransportConnected();
        h.Machine.OnMessage(PeerOpen(holdTime: 9));
        h.Machine.OnMessage(Keepalive());
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }
}
