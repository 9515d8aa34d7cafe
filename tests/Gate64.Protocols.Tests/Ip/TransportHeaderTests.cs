using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Ip.TestPackets;

namespace Gate64.Protocols.Tests.Ip;

public class TransportHeaderTests
{
    [Fact]
    public void UdpHeader_ReadsFields()
    {
        byte[] segment = Udp("192.0.2.1", "198.51.100.7", 40000, 53, Data(12));

        Assert.True(UdpHeader.TryRead(segment, out UdpHeader header));
        Assert.Equal(40000, header.SourcePort);
        Assert.Equal(53, header.DestinationPort);
        Assert.Equal(20, header.Length);
        Assert.Equal(0, ReferenceChecksum(PseudoHeader(Address("192.0.2.1"), Address("198.51.100.7"), ProtoUdp, 20), segment));
        Assert.NotEqual(0, header.Checksum);
        Assert.Equal(12, header.Payload.Length);
        Assert.False(UdpHeader.TryRead(segment.AsSpan(0, 7), out _));
    }

    [Fact]
    public void TcpHeader_ReadsFieldsAndOptions()
    {
        byte[] segment = Tcp("2001:db8::1", "2001:db8::2", 443, 51000, Data(7), flags: 0x12, options: [2, 4, 5, 0xB4]);

        Assert.True(TcpHeader.TryRead(segment, out TcpHeader header));
        Assert.Equal(443, header.SourcePort);
        Assert.Equal(51000, header.DestinationPort);
        Assert.Equal(0x01020304u, header.SequenceNumber);
        Assert.Equal(0x0A0B0C0Du, header.AcknowledgmentNumber);
        Assert.Equal(24, header.HeaderLength);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, header.Flags);
        Assert.Equal(64240, header.Window);
        Assert.Equal(0, header.UrgentPointer);
        Assert.Equal([2, 4, 5, 0xB4], header.Options.ToArray());
        Assert.Equal(7, header.Payload.Length);
        Assert.NotEqual(0, header.Checksum);
    }

    [Fact]
    public void TcpHeader_BadDataOffsetOrTruncated_False()
    {
        byte[] segment = Tcp("192.0.2.1", "192.0.2.2", 1, 2, []);
        Assert.False(TcpHeader.TryRead(segment.AsSpan(0, 19), out _));
        segment[12] = 0x40;
        Assert.False(TcpHeader.TryRead(segment, out _));
        segment[12] = 0x60;
        Assert.False(TcpHeader.TryRead(segment, out _));
    }

    [Fact]
    public void IcmpV4Header_ReadsEchoAndErrorFields()
    {
        Assert.True(IcmpV4Header.TryRead(IcmpV4(8, 0, 0x12340007, Data(4)), out IcmpV4Header echo));
        Assert.Equal(IcmpV4Type.EchoRequest, echo.Type);
        Assert.True(echo.IsEcho);
        Assert.False(echo.IsError);
        Assert.Equal(0x1234, echo.Identifier);
        Assert.Equal(7, echo.SequenceNumber);
        Assert.Equal(4, echo.Body.Length);

        Assert.True(IcmpV4Header.TryRead(IcmpV4(3, 4, 0x000005DC, []), out IcmpV4Header needed));
        Assert.True(needed.IsError);
        Assert.Equal(4, needed.Code);
        Assert.Equal(1500, needed.Mtu);

        Assert.True(IcmpV4Header.TryRead(IcmpV4(12, 0, 0x09000000, []), out IcmpV4Header problem));
        Assert.Equal(9, problem.Pointer);
        Assert.Equal(0x09000000u, problem.RestOfHeader);
        Assert.False(IcmpV4Header.TryRead(new byte[7], out _));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(11, true)]
    [InlineData(12, true)]
    [InlineData(0, false)]
    [InlineData(8, false)]
    [InlineData(13, false)]
    public void IcmpV4Header_IsErrorType(byte type, bool expected) => Assert.Equal(expected, IcmpV4Header.IsErrorType(type));

    [Fact]
    public void IcmpV6Header_ReadsEchoAndErrorFields()
    {
        Assert.True(IcmpV6Header.TryRead(IcmpV6("2001:db8::1", "2001:db8::2", 129, 0, 0xABCD0102, Data(3)), out IcmpV6Header echo));
        Assert.Equal(IcmpV6Type.EchoReply, echo.Type);
        Assert.True(echo.IsEcho);
        Assert.False(echo.IsError);
        Assert.Equal(0xABCD, echo.Identifier);
        Assert.Equal(0x0102, echo.SequenceNumber);
        Assert.Equal(3, echo.Body.Length);

        Assert.True(IcmpV6Header.TryRead(IcmpV6("2001:db8::1", "2001:db8::2", 2, 0, 1280, []), out IcmpV6Header tooBig));
        Assert.True(tooBig.IsError);
        Assert.Equal(1280u, tooBig.Mtu);
        Assert.Equal(1280u, tooBig.Pointer);
        Assert.NotEqual(0, tooBig.Checksum);
        Assert.False(IcmpV6Header.TryRead(new byte[7], out _));
    }
}
