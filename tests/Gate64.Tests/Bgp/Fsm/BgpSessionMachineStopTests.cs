using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;
using static Gate64.Tests.Bgp.Fsm.BgpSessionHarness;

namespace Gate64.Tests.Bgp.Fsm;

/// <summary>Stop, unexpected messages in each state, and the one-transport rule.</summary>
public class BgpSessionMachineStopTests
{
    [Fact]
    public void Stop_Established_AdministrativeShutdownWithTheTextThenIdleForGood()
    {
        BgpSessionHarness h = new();
        h.Establish();

        h.Machine.Stop("jail host going down for maintenance");

        List<object> log = h.Actions.Take();
        SentMessage sent = Assert.IsType<SentMessage>(log[0]);
        Assert.Equal(
            Convert.FromHexString("ffffffffffffffffffffffffffffffff003a030602246a61696c20686f737420676f696e6720646f776e20666f72206d61696e74656e616e6365"),
            sent.Message);
        Assert.Equal(RecordingSessionActions.DisconnectMarker, log[1]);
        BgpSessionDown down = Assert.IsType<BgpSessionDown>(log[2]);
        Assert.Null(down.RetryIn);
        Assert.True(down.WasEstablished);
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);

        h.Advance(TimeSpan.FromHours(1));
        Assert.Empty(h.Actions.Log);
    }

    [Theory]
    [InlineData("OpenSent")]
    [InlineData("OpenConfirm")]
    public void Stop_BeforeEstablished_StillSendsTheShutdown(string stateName)
    {
        BgpSessionState state = Enum.Parse<BgpSessionState>(stateName);
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        if (state == BgpSessionState.OpenConfirm)
        {
            h.Machine.OnMessage(PeerOpen());
        }

        Assert.Equal(state, h.Machine.State);
        h.Actions.Take();

        h.Machine.Stop("bye");

        Assert.Equal("Cease/Administrative shutdown: \"bye\"", h.Actions.Sent.Single().Notification.Describe());
        Assert.False(h.Actions.Log.OfType<BgpSessionDown>().Single().WasEstablished);
    }

    [Fact]
    public void Stop_WhileConnecting_AbandonsTheConnectWithoutSending()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Actions.Take();

        h.Machine.Stop("bye");

        Assert.Equal(RecordingSessionActions.DisconnectMarker, h.Actions.Log[0]);
        Assert.Empty(h.Actions.Sent);
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Fact]
    public void Stop_WhileWaitingToRetry_NoMoreConnects_ThenStartConnectsAtOnce()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportFailed("refused");
        h.Actions.Take();

        h.Machine.Stop("bye");
        h.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(h.Actions.Log);
        Assert.Null(h.Machine.TimeUntilNextTimer);

        h.Machine.Start();
        Assert.Equal([RecordingSessionActions.ConnectMarker], h.Actions.Take());
    }

    [Fact]
    public void Stop_Twice_SecondDoesNothing()
    {
        BgpSessionHarness h = new();
        h.Establish();
        h.Machine.Stop("once");
        h.Actions.Take();

        h.Machine.Stop("twice");

        Assert.Empty(h.Actions.Log);
    }

    [Fact]
    public void Stop_LongUnicodeReason_CutToTheLimit()
    {
        BgpSessionHarness h = new();
        h.Establish();

        h.Machine.Stop(string.Concat(Enumerable.Repeat("Wartung ü ", 40)));

        ReadOnlyMemory<byte> data = h.Actions.Sent.Single().Notification.Data;
        Assert.InRange(data.Span[0], 250, 255);
        Assert.Equal(data.Length - 1, data.Span[0]);
    }

    [Theory]
    [InlineData("OpenSent", BgpMessageType.Keepalive, 1)]
    [InlineData("OpenSent", BgpMessageType.Update, 1)]
    [InlineData("OpenSent", BgpMessageType.RouteRefresh, 1)]
    [InlineData("OpenConfirm", BgpMessageType.Open, 2)]
    [InlineData("OpenConfirm", BgpMessageType.Update, 2)]
    [InlineData("OpenConfirm", BgpMessageType.RouteRefresh, 2)]
    [InlineData("Established", BgpMessageType.Open, 3)]
    public void UnexpectedMessage_FsmErrorNamingTheState(string stateName, BgpMessageType type, byte subcode)
    {
        BgpSessionState state = Enum.Parse<BgpSessionState>(stateName);
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        if (state >= BgpSessionState.OpenConfirm)
        {
            h.Machine.OnMessage(PeerOpen());
        }

        if (state == BgpSessionState.Established)
        {
            h.Machine.OnMessage(Keepalive());
        }

        Assert.Equal(state, h.Machine.State);
        h.Actions.Take();

        h.Machine.OnMessage(MessageOf(type));

        BgpNotification sent = h.Actions.Sent.Single().Notification;
        Assert.Equal((5, subcode), (sent.Code, sent.Subcode));
        Assert.Equal([(byte)type], sent.Data.ToArray());
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
        Assert.Equal(1, h.Actions.Disconnects);
    }

    [Theory]
    [InlineData("OpenSent")]
    [InlineData("OpenConfirm")]
    [InlineData("Established")]
    public void NotificationReceived_DownWithoutAnswering(string stateName)
    {
        BgpSessionState state = Enum.Parse<BgpSessionState>(stateName);
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        if (state >= BgpSessionState.OpenConfirm)
        {
            h.Machine.OnMessage(PeerOpen());
        }

        if (state == BgpSessionState.Established)
        {
            h.Machine.OnMessage(Keepalive());
        }

        h.Actions.Take();

        h.Machine.OnMessage(Notification(new BgpNotification(BgpErrorCode.Open, BgpOpenErrorSubcode.BadPeerAs, ReadOnlyMemory<byte>.Empty)));

        Assert.Empty(h.Actions.Sent);
        BgpSessionDown down = h.Actions.Log.OfType<BgpSessionDown>().Single();
        Assert.Equal((2, 2), (down.Received!.Code, down.Received.Subcode));
        Assert.Equal("the peer sent: OPEN message error/Bad peer AS", down.Reason);
    }

    [Fact]
    public void MessagesWithoutAConnection_Ignored()
    {
        BgpSessionHarness h = new();
        h.Machine.OnMessage(Keepalive());
        h.Machine.Start();
        h.Machine.OnMessage(PeerOpen());
        h.Machine.OnTransportClosed();
        h.Actions.Take();
        h.Machine.OnMessage(Keepalive());
        h.Machine.OnTransportClosed();
        h.Machine.OnTransportFailed("late");

        Assert.Empty(h.Actions.Log);
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Fact]
    public void Start_WhileAConnectionExists_NoSecondConnect()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        h.Machine.Start();
        h.Machine.OnMessage(PeerOpen());
        h.Machine.Start();
        h.Machine.OnMessage(Keepalive());
        h.Machine.Start();

        Assert.Equal(1, h.Actions.Connects);
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void Start_WhileWaitingToRetry_KeepsTheBackoff()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportFailed("refused");

        h.Machine.Start();

        Assert.Equal(1, h.Actions.Connects);
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Theory]
    [InlineData("OpenSent")]
    [InlineData("OpenConfirm")]
    [InlineData("Established")]
    public void TransportConnectedAgain_NoSecondOpenNoSecondTransport(string stateName)
    {
        BgpSessionState state = Enum.Parse<BgpSessionState>(stateName);
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        if (state >= BgpSessionState.OpenConfirm)
        {
            h.Machine.OnMessage(PeerOpen());
        }

        if (state == BgpSessionState.Established)
        {
            h.Machine.OnMessage(Keepalive());
        }

        h.Machine.OnTransportConnected();
        h.Machine.OnTransportConnected();

        Assert.Equal(1, h.Actions.Sent.Count(s => s.Type == BgpMessageType.Open));
        Assert.Equal(1, h.Actions.Connects);
        Assert.Equal(0, h.Actions.Disconnects);
        Assert.Equal(state, h.Machine.State);
    }

    [Fact]
    public void TransportClosedByPeer_DownAndRetry()
    {
        BgpSessionHarness h = new();
        h.Establish();

        h.Machine.OnTransportClosed();

        BgpSessionDown down = h.Actions.Log.OfType<BgpSessionDown>().Single();
        Assert.Equal("the peer closed the connection", down.Reason);
        Assert.True(down.WasEstablished);
        Assert.Empty(h.Actions.Sent);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BgpSessionState.Connect, h.Machine.State);
    }

    private static byte[] MessageOf(BgpMessageType type) => type switch
    {
        BgpMessageType.Open => PeerOpen(),
        BgpMessageType.Update => Announce("198.51.100.0/24"),
        BgpMessageType.Keepalive => Keepalive(),
        BgpMessageType.RouteRefresh => RouteRefresh(BgpAddressFamily.Ipv4Unicast),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
