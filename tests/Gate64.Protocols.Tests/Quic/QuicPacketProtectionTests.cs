using Gate64.Protocols.Quic;
using static Gate64.Protocols.Tests.Quic.QuicTestVectors;

namespace Gate64.Protocols.Tests.Quic;

/// <summary>Opening and sealing the sample packets of RFC 9001 §A.2/§A.3 and RFC 9369 §A.2 byte for byte.</summary>
public class QuicPacketProtectionTests
{
    [Fact]
    public void TryUnprotect_Rfc9001ClientInitial_GivesThePublishedPayload()
    {
        byte[] packet = Hex(ClientInitialV1);
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version1, Dcid, server: false);
        Assert.Equal(QuicHeaderStatus.Valid, QuicLongHeader.TryParse(packet, out QuicLongHeader header, out _));
        byte[] scratch = new byte[packet.Length];

        Assert.True(keys.TryUnprotect(packet, header, -1, scratch, out int offset, out int length, out long packetNumber));

        Assert.Equal(2, packetNumber);
        Assert.Equal(ClientInitialHeader, Convert.ToHexStringLower(scratch.AsSpan(0, offset)));
        Assert.Equal(ClientPayload(), scratch.AsSpan(offset, length).ToArray());
        Assert.Equal(Hex(ClientInitialV1), packet);   // the datagram itself is untouched
    }

    [Fact]
    public void TryUnprotect_Rfc9369ClientInitial_GivesThePublishedPayload()
    {
        byte[] packet = Hex(ClientInitialV2);
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version2, Dcid, server: false);
        Assert.Equal(QuicHeaderStatus.Valid, QuicLongHeader.TryParse(packet, out QuicLongHeader header, out _));
        Assert.Equal(QuicPacketType.Initial, header.Type);
        byte[] scratch = new byte[packet.Length];

        Assert.True(keys.TryUnprotect(packet, header, -1, scratch, out int offset, out int length, out long packetNumber));

        Assert.Equal(2, packetNumber);
        Assert.Equal("d36b3343cf088394c8f03e5157080000449e00000002", Convert.ToHexStringLower(scratch.AsSpan(0, offset)));
        Assert.Equal(ClientPayload(), scratch.AsSpan(offset, length).ToArray());
    }

    [Fact]
    public void TryUnprotect_Rfc9001ServerInitial_GivesAckAndServerHello()
    {
        byte[] packet = Hex(ServerInitialV1);
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version1, Dcid, server: true);
        Assert.Equal(QuicHeaderStatus.Valid, QuicLongHeader.TryParse(packet, out QuicLongHeader header, out _));
        Assert.Equal(packet.Length, header.PacketLength);
        byte[] scratch = new byte[packet.Length];

        Assert.True(keys.TryUnprotect(packet, header, -1, scratch, out int offset, out int length, out long packetNumber));

        Assert.Equal(1, packetNumber);
        Assert.Equal("02000000000600405a" + ServerHello, Convert.ToHexStringLower(scratch.AsSpan(offset, length)));
    }

    [Fact]
    public void Write_Rfc9001ClientInitial_ReproducesTheProtectedPacket()
    {
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version1, Dcid, server: false);
        byte[] packet = new byte[1300];

        int length = QuicInitialPacketWriter.Write(packet, keys, QuicVersion.Version1, Dcid, [], [], 2, 4, Hex("060040f1" + ClientHello), 1200);

        Assert.Equal(ClientInitialV1, Convert.ToHexStringLower(packet.AsSpan(0, length)));
    }

    [Fact]
    public void Write_Rfc9369ClientInitial_ReproducesTheProtectedPacket()
    {
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version2, Dcid, server: false);
        byte[] packet = new byte[1300];

        int length = QuicInitialPacketWriter.Write(packet, keys, QuicVersion.Version2, Dcid, [], [], 2, 4, Hex("060040f1" + ClientHello), 1200);

        Assert.Equal(ClientInitialV2, Convert.ToHexStringLower(packet.AsSpan(0, length)));
    }

    [Fact]
    public void Write_Rfc9001ServerInitial_ReproducesTheProtectedPacket()
    {
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version1, Dcid, server: true);
        byte[] packet = new byte[200];

        int length = QuicInitialPacketWriter.Write(packet, keys, QuicVersion.Version1, [], Hex("f067a5502a4262b5"), [], 1, 2,
            Hex("02000000000600405a" + ServerHello));

        Assert.Equal(ServerInitialV1, Convert.ToHexStringLower(packet.AsSpan(0, length)));
    }

    [Fact]
    public void TryUnprotect_OtherDirectionsKeys_Fails()
    {
        byte[] packet = Hex(ClientInitialV1);
        using QuicPacketProtection server = QuicPacketProtection.CreateInitial(QuicVersion.Version1, Dcid, server: true);
        using QuicPacketProtection v2 = QuicPacketProtection.CreateInitial(QuicVersion.Version2, Dcid, server: false);
        QuicLongHeader.TryParse(packet, out QuicLongHeader header, out _);

        Assert.False(server.TryUnprotect(packet, header, -1, new byte[packet.Length], out _, out _, out _));
        Assert.False(v2.TryUnprotect(packet, header, -1, new byte[packet.Length], out _, out _, out _));
    }

    [Fact]
    public void TryUnprotect_AnySingleBitFlip_FailsOrIsRejectedByTheHeader()
    {
        byte[] original = Hex(ClientInitialV1);
        using QuicPacketProtection keys = QuicPacketProtection.CreateInitial(QuicVersion.Version1, Dcid, server: false);
        byte[] scratch = new byte[original.Length];
        for (int bit = 0; bit < original.Length * 8; bit++)
        {
            byte[] packet = (byte[])original.Clone();
            packet[bit / 8] ^= (byte)(1 << (bit % 8));
            if (QuicLongHeader.TryParse(packet, out QuicLongHeader header, out _) != QuicHeaderStatus.Valid || header.Type != QuicPacketType.Initial)
            {
                continue;
            }

            Assert.False(keys.TryUnprotect(packet, header, -1, scratch, out _, out _, out _), $"bit {bit} flipped and the packet still opened");
        }
    }

    [Theory]
    [InlineData(0xa82f30eaL, 0x9b32UL, 16, 0xa82f9b32L)]   // RFC 9000 §A.3
    [InlineData(-1L, 0x00UL, 8, 0L)]
    [InlineData(-1L, 0x02UL, 32, 2L)]
    [InlineData(0xffL, 0x01UL, 8, 0x101L)]
    [InlineData(0x100L, 0xffUL, 8, 0xffL)]
    public void DecodePacketNumber_Examples(long largest, ulong truncated, int bits, long expected)
    {
        Assert.Equal(expected, QuicPacketProtection.DecodePacketNumber(largest, truncated, bits));
    }
}
