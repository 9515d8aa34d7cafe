using System.Buffers.Binary;
using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>The virtio_net_hdr codec: layout, truncation, segment counts, completing a partial checksum.</summary>
public class VirtioNetHeaderTests
{
    /// <summary>flags, gso_type, then hdr_len, gso_size, csum_start, csum_offset as little-endian 16-bit words.</summary>
    [Fact]
    public void Layout_MatchesLinuxVirtioNetHdr()
    {
        byte[] bytes = [0x01, 0x04, 0x3C, 0x00, 0xA0, 0x05, 0x28, 0x00, 0x10, 0x00];

        Assert.True(VirtioNetHeader.TryRead(bytes, out VirtioNetHeader header));

        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV6, 60, 1440, 40, 16), header);
        byte[] written = new byte[VirtioNetHeader.Size];
        header.Write(written);
        Assert.Equal(bytes, written);
    }

    [Fact]
    public void Truncated_NotRead()
    {
        byte[] bytes = new byte[VirtioNetHeader.Size];
        for (int length = 0; length < VirtioNetHeader.Size; length++)
        {
            Assert.False(VirtioNetHeader.TryRead(bytes.AsSpan(0, length), out VirtioNetHeader header));
            Assert.Equal(default, header);
        }
    }

    [Theory]
    [InlineData(VirtioGsoType.TcpV4, 40, 1460, 40 + 14600, 10)]
    [InlineData(VirtioGsoType.TcpV4, 40, 1460, 40 + 14601, 11)]
    [InlineData(VirtioGsoType.UdpL4, 28, 1000, 28 + 1, 1)]
    [InlineData(VirtioGsoType.None, 0, 0, 1500, 1)]
    [InlineData(VirtioGsoType.TcpV6, 60, 0, 9000, 1)]
    public void SegmentCount(VirtioGsoType type, int headerLength, int gsoSize, int packetLength, int segments)
    {
        VirtioNetHeader header = new(VirtioNetHeaderFlags.NeedsChecksum, type, (ushort)headerLength, (ushort)gsoSize, 0, 0);

        Assert.Equal(segments, header.SegmentCount(packetLength));
    }

    [Fact]
    public void CompleteChecksum_EqualsAFullChecksum()
    {
        byte[] udp = Udp(Client6, Server6, ClientPort, ServerPort, Data(101));
        ushort full = BinaryPrimitives.ReadUInt16BigEndian(udp.AsSpan(6));
        GsoTestPackets.SetPartial(udp, 6, Client6, Server6, ProtoUdp);
        byte[] packet = Ipv6(Client6, Server6, ProtoUdp, udp);
        VirtioNetHeader header = new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.None, 0, 0, 40, 6);

        Assert.True(header.TryCompleteChecksum(packet));

        Assert.Equal(full, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(46)));
        AssertChecksums(packet);
    }

    /// <summary>RFC 768: a computed zero is sent as all ones, as the kernel's skb_checksum_help does.</summary>
    [Fact]
    public void CompleteChecksum_ZeroSentAsAllOnes()
    {
        byte[] data = new byte[8];
        byte[] udp = Udp(Client6, Server6, ClientPort, ServerPort, data);
        // Make the data sum cancel the rest: add the checksum to a zero data word.
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(8), BinaryPrimitives.ReadUInt16BigEndian(udp.AsSpan(6)));
        GsoTestPackets.SetPartial(udp, 6, Client6, Server6, ProtoUdp);
        byte[] packet = Ipv6(Client6, Server6, ProtoUdp, udp);
        VirtioNetHeader header = new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.None, 0, 0, 40, 6);

        Assert.True(header.TryCompleteChecksum(packet));

        Assert.Equal(0xFFFF, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(46)));
    }

    [Theory]
    [InlineData(40, 7)]       // odd: not a 16-bit field
    [InlineData(40, 60)]      // field past the end
    [InlineData(70, 0)]       // start past the end
    [InlineData(65535, 65535)]
    public void CompleteChecksum_FieldOutsideThePacket_Refused(int start, int offset)
    {
        byte[] packet = Ipv6(Client6, Server6, ProtoUdp, Udp(Client6, Server6, ClientPort, ServerPort, Data(10)));
        byte[] before = [.. packet];
        VirtioNetHeader header = new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.None, 0, 0, (ushort)start, (ushort)offset);

        Assert.False(header.TryCompleteChecksum(packet));
        Assert.Equal(before, packet);
    }
}
