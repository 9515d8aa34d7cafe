using Gate64.Protocols.Bgp;
using static Gate64.Protocols.Tests.Bgp.BgpTestData;

namespace Gate64.Protocols.Tests.Bgp;

public class BgpOpenCodecTests
{
    private static readonly BgpOpen s_speakerOpen = new(65001, 9, 0x0AFF0002, new BgpCapabilities
    {
        Families = [BgpAddressFamily.Ipv4Unicast],
        RouteRefresh = true,
        FourOctetAs = 65001,
        GracefulRestart = new BgpGracefulRestart(false, 120, []),
    });

    [Fact]
    public void Write_SpeakerOpen_MatchesCapture()
    {
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];

        int written = BgpOpenCodec.Write(s_speakerOpen, buffer);

        Assert.Equal(Hex(SpeakerOpen), buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void TryParse_BirdOpen_ReadsEveryCapability()
    {
        Assert.True(BgpOpenCodec.TryParse(Hex(BirdOpen), out BgpOpen? open, out BgpNotification? error));

        Assert.Null(error);
        Assert.Equal(65000u, open!.AutonomousSystem);
        Assert.Equal(90, open.HoldTimeSeconds);
        Assert.Equal(0x0AFF0001u, open.RouterId);
        BgpCapabilities caps = open.Capabilities;
        Assert.Equal([BgpAddressFamily.Ipv4Unicast], caps.Families);
        Assert.True(caps.RouteRefresh);
        Assert.True(caps.EnhancedRouteRefresh);
        Assert.Equal(65000u, caps.FourOctetAs);
        Assert.NotNull(caps.GracefulRestart);
        Assert.False(caps.GracefulRestart.Restarted);
        Assert.Equal(120, caps.GracefulRestart.RestartTimeSeconds);
        Assert.Empty(caps.GracefulRestart.Families);
        Assert.Equal([(byte)71], caps.Unrecognized);   // long-lived graceful restart
    }

    [Fact]
    public void TryParse_SpeakerOpen_RoundTrips()
    {
        Assert.True(BgpOpenCodec.TryParse(Hex(SpeakerOpen), out BgpOpen? open, out _));

        AssertSame(s_speakerOpen, open!);
    }

    [Theory]
    [InlineData(false, "40060078000101 80")]
    [InlineData(true, "40068078000101 80")]
    public void Write_GracefulRestartWithForwardingBit_MatchesCapture(bool restarted, string expectedTail)
    {
        BgpOpen open = s_speakerOpen with
        {
            Capabilities = s_speakerOpen.Capabilities with
            {
                GracefulRestart = new BgpGracefulRestart(restarted, 120, [new BgpGracefulRestartFamily(BgpAddressFamily.Ipv4Unicast, true)]),
            },
        };
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];

        int written = BgpOpenCodec.Write(open, buffer);

        Assert.Equal(Hex("41040000fde9" + expectedTail), buffer.AsSpan(written - 14, 14).ToArray());
        Assert.True(BgpOpenCodec.TryParse(buffer.AsSpan(0, written), out BgpOpen? parsed, out _));
        AssertSame(open, parsed!);
    }

    [Fact]
    public void Write_FourOctetAs_AsTransInTheTwoByteField()
    {
        BgpOpen open = new(4_200_000_001, 90, 0xC0000201, new BgpCapabilities
        {
            Families = [BgpAddressFamily.Ipv4Unicast, BgpAddressFamily.Ipv6Unicast],
            RouteRefresh = true,
            EnhancedRouteRefresh = true,
            FourOctetAs = 4_200_000_001,
            GracefulRestart = new BgpGracefulRestart(true, 4095, [new(BgpAddressFamily.Ipv4Unicast, true), new(BgpAddressFamily.Ipv6Unicast, false)]),
        });
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];

        int written = BgpOpenCodec.Write(open, buffer);

        Assert.Equal([0x5B, 0xA0], buffer.AsSpan(20, 2).ToArray());   // 23456
        Assert.True(BgpOpenCodec.TryParse(buffer.AsSpan(0, written), out BgpOpen? parsed, out _));
        AssertSame(open, parsed!);
    }

    [Fact]
    public void Write_BigAsWithoutCapability65_Throws()
    {
        BgpOpen open = new(70000, 90, 1, new BgpCapabilities());

        Assert.Throws<ArgumentException>(() => BgpOpenCodec.Write(open, new byte[BgpOpenCodec.MaxLength]));
    }

    [Fact]
    public void TryParse_NoCapabilityFour_TakesTheTwoByteAs()
    {
        byte[] message = Message(1, "04 fde8 00b4 c0000201 00");

        Assert.True(BgpOpenCodec.TryParse(message, out BgpOpen? open, out _));
        Assert.Equal(65000u, open!.AutonomousSystem);
        Assert.Null(open.Capabilities.FourOctetAs);
        Assert.Empty(open.Capabilities.Families);
    }

    [Fact]
    public void TryParse_CapabilitiesSplitOverParameters_Merged()
    {
        byte[] message = Message(1, "04 5ba0 005a 0aff0001 0e 02 06 010400020001 02 02 0200 02 00");

        Assert.True(BgpOpenCodec.TryParse(message, out BgpOpen? open, out BgpNotification? error), error?.Describe());
        Assert.Equal([BgpAddressFamily.Ipv6Unicast], open!.Capabilities.Families);
        Assert.True(open.Capabilities.RouteRefresh);
        Assert.Equal(23456u, open.AutonomousSystem);   // AS_TRANS and no capability 65: the FSM refuses this peer
    }

    [Fact]
    public void TryParse_ExtendedOptionalParameters_Rfc9072()
    {
        // Parameter length 255, then marker 255 and a 2-byte length; each parameter has a 2-byte length.
        byte[] message = Message(1, "04 fde8 005a 0aff0001 ff ff 0009 02 0006 010400010001");

        Assert.True(BgpOpenCodec.TryParse(message, out BgpOpen? open, out BgpNotification? error), error?.Describe());
        Assert.Equal([BgpAddressFamily.Ipv4Unicast], open!.Capabilities.Families);
    }

    [Theory]
    [InlineData("03 fde8 005a 0aff0001 00", 2, 1, "0004")]                  // version 3
    [InlineData("04 fde8 0001 0aff0001 00", 2, 6, "")]                      // hold 1
    [InlineData("04 fde8 0002 0aff0001 00", 2, 6, "")]                      // hold 2
    [InlineData("04 fde8 005a 00000000 00", 2, 3, "")]                      // identifier 0
    [InlineData("04 fde8 005a 0aff0001 01 0000", 1, 2, "001f")]             // parameter length 1 but 2 bytes follow
    [InlineData("04 fde8 005a 0aff0001 02 02 05", 2, 0, "")]                // parameter overruns
    [InlineData("04 fde8 005a 0aff0001 04 01 02 0000", 2, 4, "01020000")]   // authentication parameter (type 1)
    [InlineData("04 fde8 005a 0aff0001 04 02 02 4105", 2, 0, "")]           // capability overruns its parameter
    [InlineData("04 fde8 005a 0aff0001 05 02 03 010100", 2, 0, "")]         // MP capability of 1 byte
    [InlineData("04 fde8 005a 0aff0001 06 02 04 4102fde8", 2, 0, "")]       // AS4 capability of 2 bytes
    [InlineData("04 fde8 005a 0aff0001 ff ff 0004 02 0006", 1, 2, "0023")]  // RFC 9072 length disagrees
    public void TryParse_Invalid_NotificationToSend(string body, byte code, byte subcode, string data)
    {
        byte[] message = Message(1, body);

        Assert.False(BgpOpenCodec.TryParse(message, out BgpOpen? open, out BgpNotification? error));
        Assert.Null(open);
        Assert.Equal((code, subcode), (error!.Code, error.Subcode));
        Assert.Equal(Hex(data), error.Data.ToArray());
    }

    [Fact]
    public void TryParse_MalformedGracefulRestart_IgnoredNotFatal()
    {
        byte[] message = Message(1, "04 fde8 005a 0aff0001 05 02 03 400100");

        Assert.True(BgpOpenCodec.TryParse(message, out BgpOpen? open, out _));
        Assert.Null(open!.Capabilities.GracefulRestart);
        Assert.Equal([(byte)64], open.Capabilities.Unrecognized);
    }

    [Fact]
    public void TryParse_NotAnOpen_HeaderError()
    {
        Assert.False(BgpOpenCodec.TryParse(Hex(Keepalive), out _, out BgpNotification? error));
        Assert.Equal(1, error!.Code);
    }

    [Fact]
    public void TryParse_EveryTruncation_FailsWithAnError()
    {
        foreach (string vector in new[] { SpeakerOpen, BirdOpen })
        {
            byte[] message = Hex(vector);
            for (int cut = 0; cut < message.Length; cut++)
            {
                Assert.False(BgpOpenCodec.TryParse(message.AsSpan(0, cut), out BgpOpen? open, out BgpNotification? error));
                Assert.Null(open);
                Assert.Equal((1, 2), (error!.Code, error.Subcode));
            }
        }
    }

    [Fact]
    public void TryParse_TrailingBytesAfterTheMessage_BadLength()
    {
        byte[] message = [.. Hex(BirdOpen), 0];

        Assert.False(BgpOpenCodec.TryParse(message, out _, out BgpNotification? error));
        Assert.Equal((1, 2), (error!.Code, error.Subcode));
    }

    private static void AssertSame(BgpOpen expected, BgpOpen actual)
    {
        Assert.Equal(expected.AutonomousSystem, actual.AutonomousSystem);
        Assert.Equal(expected.HoldTimeSeconds, actual.HoldTimeSeconds);
        Assert.Equal(expected.RouterId, actual.RouterId);
        Assert.Equal(expected.Capabilities.Families, actual.Capabilities.Families);
        Assert.Equal(expected.Capabilities.RouteRefresh, actual.Capabilities.RouteRefresh);
        Assert.Equal(expected.Capabilities.EnhancedRouteRefresh, actual.Capabilities.EnhancedRouteRefresh);
        Assert.Equal(expected.Capabilities.FourOctetAs, actual.Capabilities.FourOctetAs);
        Assert.Equal(expected.Capabilities.GracefulRestart is null, actual.Capabilities.GracefulRestart is null);
        if (expected.Capabilities.GracefulRestart is { } gr)
        {
            Assert.Equal(gr.Restarted, actual.Capabilities.GracefulRestart!.Restarted);
            Assert.Equal(gr.RestartTimeSeconds, actual.Capabilities.GracefulRestart.RestartTimeSeconds);
            Assert.Equal(gr.Families, actual.Capabilities.GracefulRestart.Families);
        }

        Assert.Empty(actual.Capabilities.Unrecognized);
    }
}
