using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;
using static Gate64.Tests.Bgp.Fsm.BgpSessionHarness;

namespace Gate64.Tests.Bgp.Fsm;

public class BgpSessionMachineTests
{
    [Fact]
    public void HappyPath_EveryStepToEstablished()
    {
        BgpSessionHarness h = new();
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);

        h.Machine.Start();
        Assert.Equal(BgpSessionState.Connect, h.Machine.State);
        Assert.Equal([RecordingSessionActions.ConnectMarker], h.Actions.Take());

        h.Machine.OnTransportConnected();
        Assert.Equal(BgpSessionState.OpenSent, h.Machine.State);
        BgpOpen ours = Assert.IsType<SentMessage>(Assert.Single(h.Actions.Take())).Open;
        Assert.Equal(LocalAs, ours.AutonomousSystem);
        Assert.Equal(90, ours.HoldTimeSeconds);
        Assert.Equal(LocalRouterId, ours.RouterId);
        Assert.Equal([BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast], ours.Capabilities.Families);
        Assert.True(ours.Capabilities.RouteRefresh);
        Assert.Equal(LocalAs, ours.Capabilities.FourOctetAs);

        h.Machine.OnMessage(PeerOpen(holdTime: 30));
        Assert.Equal(BgpSessionState.OpenConfirm, h.Machine.State);
        Assert.Equal([BgpMessageType.Keepalive], h.Actions.Take().Cast<SentMessage>().Select(s => s.Type));

        h.Machine.OnMessage(Keepalive());
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
        BgpSessionInfo session = Assert.IsType<BgpSessionInfo>(Assert.Single(h.Actions.Take()));
        Assert.Equal(TimeSpan.FromSeconds(30), session.HoldTime);
        Assert.Equal(TimeSpan.FromSeconds(10), session.KeepaliveInterval);
        Assert.Equal([BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast], session.Families);
        Assert.Equal(PeerRouterId, session.PeerRouterId);
        Assert.True(session.PeerSupportsRouteRefresh);
        Assert.Equal(120, session.PeerGracefulRestart!.RestartTimeSeconds);
        Assert.Same(session, h.Machine.Session);
    }

    [Fact]
    public void Open_FourOctetLocalAs_AsTransInTheFixedField()
    {
        BgpSessionHarness h = new(DefaultSettings with { LocalAs = 4_200_000_001 });
        h.Machine.Start();
        h.Machine.OnTransportConnected();

        SentMessage open = h.Actions.Sent.Single();
        Assert.Equal([0x5B, 0xA0], open.Message[20..22]);
        Assert.Equal(4_200_000_001u, open.Open.AutonomousSystem);
    }

    [Fact]
    public void Open_PeerOffersOnlyIpv6_SessionCarriesIpv6Only()
    {
        BgpSessionHarness h = new();

        BgpSessionInfo session = h.Establish(PeerOpen(capabilities: PeerCapabilities() with { Families = [BgpAddressFamily.Ipv6Unicast] }));

        Assert.Equal([BgpAddressFamily.Ipv6Unicast], session.Families);
    }

    [Fact]
    public void Open_PeerWithoutMultiprotocol_IsIpv4Unicast()
    {
        BgpSessionHarness h = new();

        BgpSessionInfo session = h.Establish(PeerOpen(capabilities: PeerCapabilities() with { Families = [] }));

        Assert.Equal([BgpAddressFamily.Ipv4Unicast], session.Families);
    }

    [Fact]
    public void GracefulRestart_Default_FBitForEveryFamilyAndNoRBit()
    {
        BgpSessionHarness h = new();
        h.Machine.Start();
        h.Machine.OnTransportConnected();

        BgpGracefulRestart gr = h.Actions.Sent.Single().Open.Capabilities.GracefulRestart!;

        Assert.False(gr.Restarted);
        Assert.Equal(120, gr.RestartTimeSeconds);
        Assert.Equal(
            [new BgpGracefulRestartFamily(BgpAddressFamily.Ipv4Unicast, true), new BgpGracefulRestartFamily(BgpAddressFamily.Ipv6Unicast, true)],
            gr.Families);
    }

    [Fact]
    public void GracefulRestart_AfterRestart_RBitUntilTheFirstEstablishedSession()
    {
        BgpSessionHarness h = new(DefaultSettings with { Restarted = true });
        h.Machine.Start();
        h.Machine.OnTransportConnected();
        Assert.True(h.Actions.Sent.Single().Open.Capabilities.GracefulRestart!.Restarted);

        // The first attempt fails before Established: the retry still says "restarted".
        h.Machine.OnTransportClosed();
        h.Actions.Take();
        h.Advance(TimeSpan.FromSeconds(1));
        h.Machine.OnTransportConnected();
        Assert.True(h.Actions.Sent.Single().Open.Capabilities.GracefulRestart!.Restarted);

        h.Machine.OnMessage(PeerOpen());
        h.Machine.OnMessage(Keepalive());
        Assert.Equal(BgpSessionState.Established, h.Machine.State);

        // A later session of the same process is not a restart of the speaker. (The retry waits 2 s: the
        // session did not stay up long enough to clear the earlier failure.)
        h.Machine.OnTransportClosed();
        h.Actions.Take();
        h.Advance(TimeSpan.FromSeconds(2));
        h.Machine.OnTransportConnected();
        Assert.False(h.Actions.Sent.Single().Open.Capabilities.GracefulRestart!.Restarted);
    }

    [Fact]
    public void GracefulRestart_Disabled_NoCapability()
    {
        BgpSessionHarness h = new(DefaultSettings with { GracefulRestartTimeSeconds = null });
        h.Machine.Start();
        h.Machine.OnTransportConnected();

        Assert.Null(h.Actions.Sent.Single().Open.Capabilities.GracefulRestart);
    }

    [Fact]
    public void GracefulRestart_ForwardingNotPreserved_AwareOnly()
    {
        BgpSessionHarness h = new(DefaultSettings with { ForwardingPreserved = false, GracefulRestartTimeSeconds = 300 });
        h.Machine.Start();
        h.Machine.OnTransportConnected();

        BgpGracefulRestart gr = h.Actions.Sent.Single().Open.Capabilities.GracefulRestart!;
        Assert.Equal(300, gr.RestartTimeSeconds);
        Assert.Empty(gr.Families);
    }

    [Fact]
    public void GracefulRestart_PeerWithoutIt_StillEstablished()
    {
        BgpSessionHarness h = new();

        BgpSessionInfo session = h.Establish(PeerOpen(capabilities: PeerCapabilities() with { GracefulRestart = null }));

        Assert.Null(session.PeerGracefulRestart);
    }

    [Fact]
    public void RouteRefresh_NegotiatedFamily_RaisedToTheDriver()
    {
        BgpSessionHarness h = new();
        h.Establish();

        h.Machine.OnMessage(RouteRefresh(BgpAddressFamily.Ipv4Unicast));
        h.Machine.OnMessage(RouteRefresh(BgpAddressFamily.Ipv6Unicast));

        Assert.Equal([BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast], h.Actions.Take());
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void RouteRefresh_FamilyNotNegotiatedOrEnhancedMarkers_Ignored()
    {
        BgpSessionHarness h = new();
        h.Establish(PeerOpen(capabilities: PeerCapabilities() with { Families = [BgpAddressFamily.Ipv4Unicast] }));

        h.Machine.OnMessage(RouteRefresh(BgpAddressFamily.Ipv6Unicast));
        h.Machine.OnMessage(RouteRefresh(new BgpAddressFamily(1, 128)));
        h.Machine.OnMessage(RouteRefresh(BgpAddressFamily.Ipv4Unicast, BgpRouteRefreshCodec.SubtypeBeginning));
        h.Machine.OnMessage(RouteRefresh(BgpAddressFamily.Ipv4Unicast, BgpRouteRefreshCodec.SubtypeEnd));
        h.Machine.OnMessage(RouteRefresh(BgpAddressFamily.Ipv4Unicast, 7));

        Assert.Empty(h.Actions.Take());
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void RouteRefresh_LongBeginningOfRefresh_InvalidLengthWithTheMessage()
    {
        BgpSessionHarness h = new();
        h.Establish();
        byte[] message = [.. RouteRefresh(BgpAddressFamily.Ipv4Unicast, BgpRouteRefreshCodec.SubtypeBeginning), 0];
        message[17] = (byte)message.Length;

        h.Machine.OnMessage(message);

        BgpNotification sent = h.Actions.Sent.Single().Notification;
        Assert.Equal((7, 1), (sent.Code, sent.Subcode));
        Assert.Equal(message, sent.Data.ToArray());
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Fact]
    public void Update_ValidAndEndOfRib_ReportedAndSessionStays()
    {
        BgpSessionHarness h = new();
        h.Establish();

        h.Machine.OnMessage(Announce("198.51.100.0/24"));
        h.Machine.OnMessage(EndOfRib(BgpAddressFamily.Ipv6Unicast));

        List<BgpUpdateParseResult> updates = h.Actions.Take().Cast<BgpUpdateParseResult>().ToList();
        Assert.Equal(1, updates[0].Ipv4Announced);
        Assert.Equal(BgpAddressFamily.Ipv6Unicast, updates[1].EndOfRibFamily);
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void Update_TreatAsWithdraw_SessionStays()
    {
        BgpSessionHarness h = new();
        h.Establish();
        byte[] update = Announce("198.51.100.0/24");
        update[26] = 7;   // ORIGIN value 7

        h.Machine.OnMessage(update);

        Assert.Equal(BgpUpdateOutcome.TreatAsWithdraw, Assert.IsType<BgpUpdateParseResult>(Assert.Single(h.Actions.Take())).Outcome);
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void Update_Unparseable_NotificationAndDown()
    {
        BgpSessionHarness h = new();
        h.Establish();
        byte[] update = Announce("198.51.100.0/24");
        update[^4] = 33;   // NLRI prefix length 33

        h.Machine.OnMessage(update);

        List<object> log = h.Actions.Take();
        BgpNotification sent = Assert.IsType<SentMessage>(log[0]).Notification;
        Assert.Equal((3, 10), (sent.Code, sent.Subcode));
        Assert.Equal(RecordingSessionActions.DisconnectMarker, log[1]);
        BgpSessionDown down = Assert.IsType<BgpSessionDown>(log[2]);
        Assert.True(down.WasEstablished);
        Assert.Equal((3, 10), (down.Sent!.Code, down.Sent.Subcode));
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Fact]
    public void FramingError_SentAndDown()
    {
        BgpSessionHarness h = new();
        h.Establish();
        BgpNotification error = new(BgpErrorCode.MessageHeader, BgpHeaderErrorSubcode.ConnectionNotSynchronized, ReadOnlyMemory<byte>.Empty);

        h.Machine.OnFramingError(error);

        Assert.Equal((1, 1), (h.Actions.Sent.Single().Notification.Code, h.Actions.Sent.Single().Notification.Subcode));
        Assert.Equal(BgpSessionState.Idle, h.Machine.State);
    }

    [Fact]
    public void OnMessage_BadMarker_ConnectionNotSynchronized()
    {
        BgpSessionHarness h = new();
        h.Establish();
        byte[] keepalive = Keepalive();
        keepalive[3] = 0;

        h.Machine.OnMessage(keepalive);

        Assert.Equal((1, 1), (h.Actions.Sent.Single().Notification.Code, h.Actions.Sent.Single().Notification.Subcode));
    }

    [Fact]
    public void OnMessage_NotOneWholeMessage_DriverBugThrows()
    {
        BgpSessionHarness h = new();
        h.Establish();

        Assert.Throws<ArgumentException>(() => h.Machine.OnMessage(Keepalive()[..18]));
        Assert.Throws<ArgumentException>(() => h.Machine.OnMessage([.. Keepalive(), .. Keepalive()]));
        h.Machine.OnMessage(Keepalive());   // the machine is still usable
        Assert.Equal(BgpSessionState.Established, h.Machine.State);
    }

    [Fact]
    public void Actions_CallingBackIntoTheMachine_Refused()
    {
        BgpSessionHarness h = new();
        h.Actions.OnConnect = () => h.Machine.OnTransportFailed("synchronous failure");

        Assert.Throws<InvalidOperationException>(() => h.Machine.Start());
    }

    [Fact]
    public void Settings_Invalid_Refused()
    {
        RecordingSessionActions actions = new(TimeProvider.System);

        Assert.Throws<ArgumentException>(() => new BgpSessionMachine(DefaultSettings with { HoldTimeSeconds = 2 }, actions));
        Assert.Throws<ArgumentException>(() => new BgpSessionMachine(DefaultSettings with { RouterId = 0 }, actions));
        Assert.Throws<ArgumentException>(() => new BgpSessionMachine(DefaultSettings with { PeerAs = 0 }, actions));
        Assert.Throws<ArgumentException>(() => new BgpSessionMachine(DefaultSettings with { Families = [] }, actions));
        Assert.Throws<ArgumentException>(() => new BgpSessionMachine(DefaultSettings with { GracefulRestartTimeSeconds = 4096 }, actions));
        Assert.Throws<ArgumentException>(() => new BgpSessionMachine(DefaultSettings with { ConnectRetryMax = TimeSpan.FromMilliseconds(10) }, actions));
    }
}
