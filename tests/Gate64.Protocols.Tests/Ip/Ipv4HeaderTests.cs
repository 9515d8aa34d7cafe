using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Ip.TestPackets;

namespace Gate64.Protocols.Tests.Ip;

public class Ipv4HeaderTests
{
    private static readonly byte[] s_packet = Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Udp("192.0.2.1", "198.51.100.7", 1234, 53, Data(30)),
        ttl: 17, tos: 0xB8, identification: 0xBEEF, dontFragment: true);

    [Fact]
    public void TryValidate_BuiltPacket_ReadsEveryField()
    {
        Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(s_packet, out Ipv4Header header));

        Assert.Equal(4, header.Version);
        Assert.Equal(20, header.HeaderLength);
        Assert.Equal(0, header.OptionsLength);
        Assert.Equal(0xB8, header.TypeOfService);
        Assert.Equal(s_packet.Length, header.TotalLength);
        Assert.Equal(0xBEEF, header.Identification);
        Assert.True(header.DontFragment);
        Assert.False(header.MoreFragments);
        Assert.Equal(0, header.FragmentOffset);
        Assert.False(header.IsFragment);
        Assert.Equal(17, header.TimeToLive);
        Assert.Equal(IpProtocol.Udp, header.Protocol);
        Assert.Equal(Address("192.0.2.1"), header.Source.ToArray());
        Assert.Equal(Address("198.51.100.7"), header.Destination.ToArray());
        Assert.Equal(s_packet.Length - 20, header.Payload.Length);
        Assert.True(header.IsChecksumValid);
    }

    [Fact]
    public void TryValidate_Fragment_ReadsOffsetInBytesAndMf()
    {
        byte[] packet = Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Data(16), moreFragments: true, fragmentOffset: 1480);

        Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(packet, out Ipv4Header header));
        Assert.True(header.MoreFragments);
        Assert.Equal(1480, header.FragmentOffset);
        Assert.True(header.IsFragment);
    }

    [Fact]
    public void TryValidate_TrailingPadding_CutToTotalLength()
    {
        byte[] padded = Concat(s_packet, new byte[6]);

        Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(padded, out Ipv4Header header));
        Assert.Equal(s_packet.Length, header.Packet.Length);
    }

    [Fact]
    public void TryValidate_Options_SkippedByPayload()
    {
        byte[] packet = Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Data(12), options: [1, 1, 1, 0]);

        Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(packet, out Ipv4Header header));
        Assert.Equal(24, header.HeaderLength);
        Assert.Equal(4, header.OptionsLength);
        Assert.Equal(12, header.Payload.Length);
        Assert.False(header.HasUnexpiredSourceRoute());
    }

    [Theory]
    [InlineData(0x83, 7, 4, true)]    // LSRR, pointer at the first address
    [InlineData(0x89, 7, 4, true)]    // SSRR
    [InlineData(0x83, 7, 8, false)]   // pointer past the end: route expired
    [InlineData(0x07, 7, 4, false)]   // record route is not a source route
    public void HasUnexpiredSourceRoute_RouteOptions(byte type, byte length, byte pointer, bool expected)
    {
        byte[] options = [1, type, length, pointer, 192, 0, 2, 9, 0, 0, 0, 0];
        byte[] packet = Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Data(8), options: options);

        Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(packet, out Ipv4Header header));
        Assert.Equal(expected, header.HasUnexpiredSourceRoute());
    }

    [Fact]
    public void HasUnexpiredSourceRoute_MalformedOptionLength_FalseWithoutThrowing()
    {
        byte[] packet = Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Data(8), options: [0x44, 0xFF, 0, 0]);

        Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(packet, out Ipv4Header header));
        Assert.False(header.HasUnexpiredSourceRoute());
    }

    [Fact]
    public void TryValidate_Errors()
    {
        Assert.Equal(IpParseError.Truncated, Ipv4Header.TryValidate(s_packet.AsSpan(0, 19), out _));

        byte[] version = (byte[])s_packet.Clone();
        version[0] = 0x65;
        Assert.Equal(IpParseError.BadVersion, Ipv4Header.TryValidate(version, out _));

        byte[] ihl = (byte[])s_packet.Clone();
        ihl[0] = 0x44;
        Assert.Equal(IpParseError.BadHeaderLength, Ipv4Header.TryValidate(ihl, out _));

        byte[] longIhl = Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, [], totalLength: 20);
        longIhl[0] = 0x4F;
        Assert.Equal(IpParseError.Truncated, Ipv4Header.TryValidate(longIhl, out _));

        Assert.Equal(IpParseError.BadLength, Ipv4Header.TryValidate(Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Data(10), totalLength: 31), out _));
        Assert.Equal(IpParseError.BadLength, Ipv4Header.TryValidate(Ipv4("192.0.2.1", "198.51.100.7", ProtoUdp, Data(10), totalLength: 19), out _));

        byte[] checksum = (byte[])s_packet.Clone();
        checksum[8]--;
        Assert.Equal(IpParseError.BadChecksum, Ipv4Header.TryValidate(checksum, out _));
    }

    [Fact]
    public void TryRead_TruncatedQuote_ReadsTheHeaderWithoutCheckingLengths()
    {
        byte[] quote = s_packet[..28];

        Assert.True(Ipv4Header.TryRead(quote, out Ipv4Header header));
        Assert.Equal(s_packet.Length, header.TotalLength);
        Assert.Equal(8, header.Payload.Length);
        Assert.Equal(IpParseError.BadLength, Ipv4Header.TryValidate(quote, out _));
    }

    [Fact]
    public void TryValidate_EveryTruncation_FailsWithoutThrowing()
    {
        for (int length = 0; length < s_packet.Length; length++)
        {
            Assert.NotEqual(IpParseError.None, Ipv4Header.TryValidate(s_packet.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void WriteChecksum_ProducesAValidHeader()
    {
        byte[] packet = (byte[])s_packet.Clone();
        packet[10] = 0x12;
        packet[11] = 0x34;

        Ipv4Header.WriteChecksum(packet);

        Assert.Equal(s_packet, packet);
    }
}
