using Gate64.Platform.Netlink;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Links;

public class NetlinkRouteParserTests
{
    private static ReadOnlySpan<byte> Payload(byte[] message) => message.AsSpan(16, BitConverter.ToInt32(message, 0) - 16);

    [Fact]
    public void TryParse_CapturedIpv4Route_ReadsDestinationTableProtocolAndType()
    {
        Assert.True(RouteMessageParser.TryParse(Payload(NetlinkVectors.Ipv4DumpReply), out RouteMessage route));

        Assert.Equal(new RouteMessage(IpPrefix.Parse("192.0.2.10/32"), 254, 64, 1), route);
    }

    [Fact]
    public void TryParse_CapturedIpv6Route_ReadsTheSame()
    {
        Assert.True(RouteMessageParser.TryParse(Payload(NetlinkVectors.Ipv6DumpReply), out RouteMessage route));

        Assert.Equal(new RouteMessage(IpPrefix.Parse("2001:db8:10::10/128"), 254, 64, 1), route);
    }

    [Fact]
    public void TryParse_DefaultRouteWithoutDestination_IsTheZeroPrefix()
    {
        byte[] rtmsg = [2, 0, 0, 0, 254, 64, 0, 1, 0, 0, 0, 0];

        Assert.True(RouteMessageParser.TryParse(rtmsg, out RouteMessage route));

        Assert.Equal(IpPrefix.Parse("0.0.0.0/0"), route.Destination);
    }

    [Fact]
    public void TryParse_RtaTable_OverridesTheHeaderTable()
    {
        byte[] payload = [.. Payload(NetlinkVectors.Ipv4DumpReply)];
        payload[16] = 0xe8;   // RTA_TABLE value 254 → 1000 (0x3e8)
        payload[17] = 0x03;

        Assert.True(RouteMessageParser.TryParse(payload, out RouteMessage route));

        Assert.Equal(1000u, route.Table);
    }

    [Theory]
    [InlineData(1, 33)]     // IPv4 destination length beyond 32
    [InlineData(0, 28)]     // AF_MPLS
    [InlineData(0, 7)]      // AF_UNIX
    [InlineData(20, 7)]     // RTA_DST of 3 bytes
    [InlineData(22, 5)]     // RTA_DST turned into RTA_GATEWAY: a /32 without a destination
    [InlineData(20, 0x40)]  // the first attribute claims 64 bytes
    [InlineData(20, 3)]     // an attribute shorter than its header
    public void TryParse_Inconsistent_IsRefused(int offset, byte value)
    {
        byte[] payload = [.. Payload(NetlinkVectors.Ipv4DumpReply)];
        payload[offset] = value;

        Assert.False(RouteMessageParser.TryParse(payload, out _));
    }

    [Fact]
    public void TryParse_PrefixLengthWithoutDestination_IsRefused()
    {
        byte[] rtmsg = [10, 64, 0, 0, 254, 64, 0, 1, 0, 0, 0, 0];

        Assert.False(RouteMessageParser.TryParse(rtmsg, out _));
    }

    [Fact]
    public void Interpret_WholeDump_CollectsBothRoutesAndEndsTheDump()
    {
        HashSet<IpPrefix> routes = [];

        RouteDatagramEvents events = RouteDatagram.Interpret(NetlinkVectors.WholeDump(), NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, routes, out int error);

        Assert.Equal(RouteDatagramEvents.DumpDone, events);
        Assert.Equal(0, error);
        Assert.Equal([IpPrefix.Parse("192.0.2.10/32"), IpPrefix.Parse("2001:db8:10::10/128")], routes);
    }

    [Fact]
    public void Interpret_RepliesForAnotherPortOrSequence_AreNotOurDump()
    {
        HashSet<IpPrefix> routes = [];

        RouteDatagramEvents otherPort = RouteDatagram.Interpret(NetlinkVectors.WholeDump(), NetlinkVectors.PortId + 1, NetlinkVectors.DumpSequence, 64, routes, out _);
        RouteDatagramEvents noDump = RouteDatagram.Interpret(NetlinkVectors.WholeDump(), NetlinkVectors.PortId, null, 64, routes, out _);

        Assert.Empty(routes);
        Assert.Equal(RouteDatagramEvents.OwnedRouteChanged, otherPort);
        Assert.Equal(RouteDatagramEvents.OwnedRouteChanged, noDump);
    }

    [Fact]
    public void Interpret_DeleteNotification_IsAnOwnedChangeEvenDuringADump()
    {
        HashSet<IpPrefix> routes = [];

        RouteDatagramEvents events = RouteDatagram.Interpret(NetlinkVectors.Ipv4DeleteNotification, NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, routes, out _);

        Assert.Equal(RouteDatagramEvents.OwnedRouteChanged, events);
        Assert.Empty(routes);
    }

    [Theory]
    [InlineData(21, 4)]    // proto static
    [InlineData(32, 100)]  // RTA_TABLE 100
    public void Interpret_OtherProtocolOrTable_IsIgnored(int offset, byte value)
    {
        byte[] notification = [.. NetlinkVectors.Ipv4DeleteNotification];
        notification[offset] = value;

        Assert.Equal(RouteDatagramEvents.None, RouteDatagram.Interpret(notification, NetlinkVectors.PortId, null, 64, new HashSet<IpPrefix>(), out _));
    }

    [Theory]
    [InlineData((ushort)16)]
    [InlineData((ushort)17)]
    public void Interpret_LinkNotification_SaysLookAgain(ushort type)
    {
        byte[] message = NetlinkVectors.Message(type, 0, 0, 0, new byte[16]);

        Assert.Equal(RouteDatagramEvents.LinkChanged, RouteDatagram.Interpret(message, NetlinkVectors.PortId, null, 64, new HashSet<IpPrefix>(), out _));
    }

    [Fact]
    public void Interpret_ErrorForOurDump_IsAFailedDumpWithTheErrno()
    {
        byte[] message = NetlinkVectors.Message(2, 0, NetlinkVectors.DumpSequence, NetlinkVectors.PortId, [0xf0, 0xff, 0xff, 0xff, .. new byte[16]]);

        RouteDatagramEvents events = RouteDatagram.Interpret(message, NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, new HashSet<IpPrefix>(), out int error);

        Assert.Equal(RouteDatagramEvents.DumpFailed, events);
        Assert.Equal(16, error);   // EBUSY
    }

    [Fact]
    public void Interpret_Acknowledgement_IsNotAFailure()
    {
        byte[] message = NetlinkVectors.Message(2, 0, NetlinkVectors.DumpSequence, NetlinkVectors.PortId, new byte[20]);

        Assert.Equal(RouteDatagramEvents.None, RouteDatagram.Interpret(message, NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, new HashSet<IpPrefix>(), out _));
    }

    [Fact]
    public void Interpret_InterruptedDump_IsFlagged()
    {
        byte[] reply = [.. NetlinkVectors.Ipv4DumpReply];
        reply[6] |= 0x10;   // NLM_F_DUMP_INTR

        Assert.True(RouteDatagram.Interpret(reply, NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, new HashSet<IpPrefix>(), out _)
            .HasFlag(RouteDatagramEvents.DumpInterrupted));
    }

    [Fact]
    public void Interpret_Overrun_IsMalformed()
    {
        byte[] message = NetlinkVectors.Message(4, 0, 0, 0, []);

        Assert.Equal(RouteDatagramEvents.Malformed, RouteDatagram.Interpret(message, NetlinkVectors.PortId, null, 64, new HashSet<IpPrefix>(), out _));
    }

    [Fact]
    public void Interpret_EveryTruncation_NeverThrowsAndNeverInventsRoutes()
    {
        byte[] whole = NetlinkVectors.WholeDump();
        HashSet<IpPrefix> expected = [IpPrefix.Parse("192.0.2.10/32"), IpPrefix.Parse("2001:db8:10::10/128")];
        for (int length = 0; length < whole.Length; length++)
        {
            HashSet<IpPrefix> routes = [];

            RouteDatagramEvents events = RouteDatagram.Interpret(whole.AsSpan(0, length), NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, routes, out _);

            Assert.True(routes.IsSubsetOf(expected), $"length {length}");
            Assert.False(events.HasFlag(RouteDatagramEvents.DumpDone), $"length {length}");
            bool onBoundary = length == 0 || length == NetlinkVectors.Ipv4DumpReply.Length || length == NetlinkVectors.Ipv4DumpReply.Length + NetlinkVectors.Ipv6DumpReply.Length;
            Assert.Equal(!onBoundary, events.HasFlag(RouteDatagramEvents.Malformed));
        }
    }

    [Fact]
    public void Interpret_RandomMutations_NeverThrow()
    {
        Random random = new(20251105);
        byte[] whole = NetlinkVectors.WholeDump();
        byte[] notification = NetlinkVectors.Ipv4DeleteNotification;
        int routesSeen = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] mutated = [.. (i % 2 == 0 ? whole : notification)];
            int changes = random.Next(1, 9);
            for (int change = 0; change < changes; change++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            int length = random.Next(4) == 0 ? random.Next(mutated.Length + 1) : mutated.Length;
            HashSet<IpPrefix> routes = [];

            RouteDatagram.Interpret(mutated.AsSpan(0, length), NetlinkVectors.PortId, NetlinkVectors.DumpSequence, 64, routes, out _);

            routesSeen += routes.Count;
            Assert.All(routes, route => Assert.InRange(route.Length, 0, route.Family == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
        }
        Assert.True(routesSeen > 0, "no mutation left a parsable route: the test would not notice a parser that drops everything");
    }

    [Fact]
    public void RouteDumpRequest_IsAFilteredDumpOfTheMainTable()
    {
        byte[] request = new byte[RouteDumpRequest.Length];

        int written = RouteDumpRequest.Write(request, 10, 7, 64);

        Assert.Equal(28, written);
        // nlmsghdr: length 28, RTM_GETROUTE, NLM_F_REQUEST|NLM_F_DUMP, sequence 7, port 0; rtmsg: AF_INET6, table main, protocol 64, unicast.
        Assert.Equal("1C0000001A00010307000000000000000A000000FE40000100000000", Convert.ToHexString(request));
    }

    [Fact]
    public void RouteDumpRequest_Unfiltered_AsksForTheWholeFamily()
    {
        byte[] request = new byte[RouteDumpRequest.Length];

        RouteDumpRequest.Write(request, 2, 8, 64, filtered: false);

        Assert.Equal("1C0000001A0001030800000000000000020000000000000000000000", Convert.ToHexString(request));
    }
}
