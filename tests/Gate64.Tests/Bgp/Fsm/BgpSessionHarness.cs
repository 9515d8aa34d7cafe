using System.Net;
using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Bgp.Fsm;

/// <summary>
/// A machine on a fake clock with a recording driver, and the messages a peer (BIRD in the lab: AS 65000,
/// identifier 10.255.0.1) would send, all made by the codecs.
/// </summary>
internal sealed class BgpSessionHarness
{
    public const uint LocalAs = 65001;
    public const uint PeerAs = 65000;
    public const uint LocalRouterId = 0x0AFF0002;
    public const uint PeerRouterId = 0x0AFF0001;

    public static readonly BgpPeerSettings DefaultSettings = new()
    {
        LocalAs = LocalAs,
        RouterId = LocalRouterId,
        PeerAs = PeerAs,
    };

    public BgpSessionHarness(BgpPeerSettings? settings = null, Random? jitter = null)
    {
        Actions = new RecordingSessionActions(Time);
        Machine = new BgpSessionMachine(settings ?? DefaultSettings, Actions, Time, jitter);
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingSessionActions Actions { get; }

    public BgpSessionMachine Machine { get; }

    /// <summary>Start, connect, exchange OPENs and KEEPALIVEs; returns the negotiated session. The log is cleared.</summary>
    public BgpSessionInfo Establish(byte[]? peerOpen = null)
    {
        Machine.Start();
        Machine.OnTransportConnected();
        Machine.OnMessage(peerOpen ?? PeerOpen());
        Machine.OnMessage(Keepalive());
        Assert.Equal(BgpSessionState.Established, Machine.State);
        BgpSessionInfo session = Actions.Log.OfType<BgpSessionInfo>().Single();
        Actions.Take();
        return session;
    }

    /// <summary>Lets <paramref name="duration"/> pass the way a driver would: waking at each due timer and calling OnTimer.</summary>
    public void Advance(TimeSpan duration)
    {
        TimeSpan remaining = duration;
        while (true)
        {
            TimeSpan? next = Machine.TimeUntilNextTimer;
            if (next is not TimeSpan due || due > remaining)
            {
                Time.Advance(remaining);
                return;
            }

            Time.Advance(due);
            remaining -= due;
            Machine.OnTimer();
        }
    }

    public static byte[] PeerOpen(
        uint autonomousSystem = PeerAs,
        ushort holdTime = 90,
        uint routerId = PeerRouterId,
        BgpCapabilities? capabilities = null)
    {
        BgpOpen open = new(autonomousSystem, holdTime, routerId, capabilities ?? PeerCapabilities(autonomousSystem));
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];
        return buffer[..BgpOpenCodec.Write(open, buffer)];
    }

    /// <summary>BIRD's capabilities: both unicast families, route refresh, GR aware, AS4, enhanced route refresh.</summary>
    public static BgpCapabilities PeerCapabilities(uint autonomousSystem = PeerAs) => new()
    {
        Families = [BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast],
        RouteRefresh = true,
        EnhancedRouteRefresh = true,
        FourOctetAs = autonomousSystem,
        GracefulRestart = new BgpGracefulRestart(false, 120, []),
    };

    public static byte[] Keepalive()
    {
        byte[] buffer = new byte[BgpKeepalive.Length];
        BgpKeepalive.Write(buffer);
        return buffer;
    }

    public static byte[] Notification(BgpNotification notification)
    {
        byte[] buffer = new byte[4096];
        return buffer[..BgpNotificationCodec.Write(notification, buffer)];
    }

    public static byte[] RouteRefresh(BgpAddressFamily family, byte subtype = BgpRouteRefreshCodec.SubtypeRequest)
    {
        byte[] buffer = new byte[BgpRouteRefreshCodec.Length];
        BgpRouteRefreshCodec.Write(family, buffer, subtype);
        return buffer;
    }

    public static byte[] Announce(string prefix)
    {
        BgpUpdateWriter writer = new();
        byte[] buffer = new byte[4096];
        int length = writer.WriteIpv4Announce(new BgpRouteAttributes { AsPath = [PeerAs] }, IPAddress.Parse("10.255.0.1"), [IpPrefix.Parse(prefix)], buffer, out _);
        return buffer[..length];
    }

    public static byte[] EndOfRib(BgpAddressFamily family)
    {
        byte[] buffer = new byte[4096];
        return buffer[..new BgpUpdateWriter().WriteEndOfRib(family, buffer)];
    }
}
