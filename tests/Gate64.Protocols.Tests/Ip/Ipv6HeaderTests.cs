using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Ip.TestPackets;

namespace Gate64.Protocols.Tests.Ip;

public class Ipv6HeaderTests
{
    private const string Source = "2001:db8:1::2";
    private const string Destination = "2001:db8:64::c633:640a";

    private static byte[] UdpPacket(byte[] extensions, byte firstNextHeader) =>
        Ipv6(Source, Destination, firstNextHeader, Concat(extensions, Udp(Source, Destination, 5000, 53, Data(20))));

    [Fact]
    public void TryValidate_BuiltPacket_ReadsEveryField()
    {
        byte[] packet = Ipv6(Source, Destination, ProtoUdp, Udp(Source, Destination, 1, 2, Data(5)), hopLimit: 9, trafficClass: 0xB8, flowLabel: 0xABCDE);

        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(packet, out Ipv6Header header));
        Assert.Equal(6, header.Version);
        Assert.Equal(0xB8, header.TrafficClass);
        Assert.Equal(0xABCDE, header.FlowLabel);
        Assert.Equal(13, header.PayloadLength);
        Assert.Equal(IpProtocol.Udp, header.NextHeader);
        Assert.Equal(9, header.HopLimit);
        Assert.Equal(Address(Source), header.Source.ToArray());
        Assert.Equal(Address(Destination), header.Destination.ToArray());
        Assert.Equal(13, header.Payload.Length);
    }

    [Fact]
    public void TryValidate_Errors()
    {
        byte[] packet = UdpPacket([], ProtoUdp);
        Assert.Equal(IpParseError.Truncated, Ipv6Header.TryValidate(packet.AsSpan(0, 39), out _));
        Assert.Equal(IpParseError.BadLength, Ipv6Header.TryValidate(packet.AsSpan(0, packet.Length - 1), out _));
        packet[0] = 0x40;
        Assert.Equal(IpParseError.BadVersion, Ipv6Header.TryValidate(packet, out _));
    }

    [Fact]
    public void TryValidate_TrailingBytes_CutToPayloadLength()
    {
        byte[] packet = Concat(UdpPacket([], ProtoUdp), [1, 2, 3]);

        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(packet, out Ipv6Header header));
        Assert.Equal(packet.Length - 3, header.Packet.Length);
    }

    [Fact]
    public void WriteVersionClassFlow_RoundTrips()
    {
        byte[] header = new byte[40];

        Ipv6Header.WriteVersionClassFlow(header, 0xE1, 0x12345);

        Assert.True(Ipv6Header.TryRead(header, out Ipv6Header view));
        Assert.Equal(6, view.Version);
        Assert.Equal(0xE1, view.TrafficClass);
        Assert.Equal(0x12345, view.FlowLabel);
    }

    [Fact]
    public void TryWalkExtensions_NoExtensions_UpperLayerAt40()
    {
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket([], ProtoUdp), out Ipv6Header header));
        Assert.Equal(IpParseError.None, header.TryWalkExtensions(out Ipv6ExtensionChain chain));

        Assert.Equal(IpProtocol.Udp, chain.UpperLayerProtocol);
        Assert.Equal(40, chain.UpperLayerOffset);
        Assert.Equal(0, chain.ExtensionHeaderCount);
        Assert.Equal(0, chain.ExtensionHeadersLength);
        Assert.False(chain.HasFragmentHeader);
        Assert.Equal(-1, chain.FragmentHeaderOffset);
        Assert.Equal(-1, chain.SegmentsLeftOffset);
    }

    [Fact]
    public void TryWalkExtensions_HopByHopRoutingFragmentDestination_FindsUdpAndTheFragmentHeader()
    {
        byte[] extensions = Concat(
            OptionsHeader(43),
            RoutingHeader(44, segmentsLeft: 0),
            FragmentHeader(60, 0, more: true, identification: 0xDEADBEEF),
            OptionsHeader(ProtoUdp, extraUnits: 1));
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(extensions, 0), out Ipv6Header header));

        Assert.Equal(IpParseError.None, header.TryWalkExtensions(out Ipv6ExtensionChain chain));
        Assert.Equal(IpProtocol.Udp, chain.UpperLayerProtocol);
        Assert.Equal(40 + extensions.Length, chain.UpperLayerOffset);
        Assert.Equal(4, chain.ExtensionHeaderCount);
        Assert.True(chain.HasFragmentHeader);
        Assert.Equal(40 + 8 + 24, chain.FragmentHeaderOffset);
        Assert.Equal(0, chain.FragmentOffset);
        Assert.True(chain.MoreFragments);
        Assert.True(chain.IsFragmented);
        Assert.False(chain.IsNonFirstFragment);
        Assert.Equal(0xDEADBEEFu, chain.FragmentIdentification);
        Assert.Equal(-1, chain.SegmentsLeftOffset);
    }

    [Fact]
    public void TryWalkExtensions_RoutingWithSegmentsLeft_PointsAtTheSegmentsLeftByte()
    {
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(Concat(OptionsHeader(43), RoutingHeader(ProtoUdp, 1)), 0), out Ipv6Header header));

        Assert.Equal(IpParseError.None, header.TryWalkExtensions(out Ipv6ExtensionChain chain));
        Assert.Equal(40 + 8 + 3, chain.SegmentsLeftOffset);
    }

    [Fact]
    public void TryWalkExtensions_NonFirstFragment_StopsAfterTheFragmentHeader()
    {
        // The bytes after the Fragment header are fragment data; they look like a Destination Options header here.
        byte[] packet = Ipv6(Source, Destination, 44, Concat(FragmentHeader(60, 1232, more: false, identification: 7), OptionsHeader(ProtoUdp), Data(40)));
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(packet, out Ipv6Header header));

        Assert.Equal(IpParseError.None, header.TryWalkExtensions(out Ipv6ExtensionChain chain));
        Assert.Equal((IpProtocol)60, chain.UpperLayerProtocol);
        Assert.Equal(48, chain.UpperLayerOffset);
        Assert.True(chain.IsNonFirstFragment);
        Assert.Equal(1232, chain.FragmentOffset);
    }

    [Theory]
    [InlineData(50)]   // ESP
    [InlineData(51)]   // AH
    [InlineData(59)]   // No Next Header
    public void TryWalkExtensions_AhEspAndNoNextHeader_EndTheWalk(byte protocol)
    {
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(OptionsHeader(protocol), 60), out Ipv6Header header));

        Assert.Equal(IpParseError.None, header.TryWalkExtensions(out Ipv6ExtensionChain chain));
        Assert.Equal((IpProtocol)protocol, chain.UpperLayerProtocol);
        Assert.Equal(48, chain.UpperLayerOffset);
    }

    [Fact]
    public void TryWalkExtensions_Errors()
    {
        byte[] nine = Concat([.. Enumerable.Range(0, 8).Select(_ => OptionsHeader(60)), OptionsHeader(ProtoUdp)]);
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(nine, 60), out Ipv6Header header));
        Assert.Equal(IpParseError.TooManyExtensionHeaders, header.TryWalkExtensions(out _));

        byte[] eight = Concat([.. Enumerable.Range(0, 7).Select(_ => OptionsHeader(60)), OptionsHeader(ProtoUdp)]);
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(eight, 60), out header));
        Assert.Equal(IpParseError.None, header.TryWalkExtensions(out Ipv6ExtensionChain chain));
        Assert.Equal(8, chain.ExtensionHeaderCount);

        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(Concat(OptionsHeader(0), OptionsHeader(ProtoUdp)), 60), out header));
        Assert.Equal(IpParseError.HopByHopNotFirst, header.TryWalkExtensions(out _));

        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(Concat(FragmentHeader(44, 0, true, 1), FragmentHeader(ProtoUdp, 0, true, 1)), 44), out header));
        Assert.Equal(IpParseError.DuplicateFragmentHeader, header.TryWalkExtensions(out _));

        // A header whose length runs past the packet.
        byte[] longHeader = OptionsHeader(ProtoUdp);
        longHeader[1] = 200;
        Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(UdpPacket(longHeader, 60), out header));
        Assert.Equal(IpParseError.Truncated, header.TryWalkExtensions(out _));
    }

    [Fact]
    public void TryWalkExtensions_EveryTruncationOfTheHeaders_FailsOrStopsWithoutThrowing()
    {
        byte[] packet = UdpPacket(Concat(OptionsHeader(43), RoutingHeader(44, 0), FragmentHeader(60, 0, false, 1), OptionsHeader(ProtoUdp)), 0);
        int extensionEnd = 40 + 8 + 24 + 8 + 8;
        for (int length = 0; length < extensionEnd; length++)
        {
            // TryRead keeps every byte given (as in an ICMP quote): the walk must notice the cut.
            if (Ipv6Header.TryRead(packet.AsSpan(0, length), out Ipv6Header header))
            {
                Assert.Equal(IpParseError.Truncated, header.TryWalkExtensions(out _));
            }
        }
    }
}
