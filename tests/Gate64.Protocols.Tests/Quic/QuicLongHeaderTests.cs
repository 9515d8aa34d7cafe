using Gate64.Protocols.Quic;
using static Gate64.Protocols.Tests.Quic.QuicTestVectors;

namespace Gate64.Protocols.Tests.Quic;

public class QuicLongHeaderTests
{
    [Fact]
    public void TryParse_Rfc9001ClientInitial_FieldsAtTheirOffsets()
    {
        byte[] packet = Hex(ClientInitialV1);

        Assert.Equal(QuicHeaderStatus.Valid, QuicLongHeader.TryParse(packet, out QuicLongHeader header, out string? error));

        Assert.Null(error);
        Assert.Equal(QuicVersion.Version1, header.Version);
        Assert.Equal(QuicPacketType.Initial, header.Type);
        Assert.Equal(DestinationConnectionId, Convert.ToHexStringLower(header.DestinationConnectionId(packet)));
        Assert.Equal(0, header.SourceConnectionIdLength);
        Assert.Equal(0, header.TokenLength);
        Assert.Equal(18, header.PacketNumberOffset);
        Assert.Equal(1200, header.PacketLength);
    }

    [Theory]
    [InlineData(QuicVersion.Version1, QuicPacketType.Initial, 0x00)]
    [InlineData(QuicVersion.Version1, QuicPacketType.ZeroRtt, 0x10)]
    [InlineData(QuicVersion.Version1, QuicPacketType.Handshake, 0x20)]
    [InlineData(QuicVersion.Version1, QuicPacketType.Retry, 0x30)]
    [InlineData(QuicVersion.Version2, QuicPacketType.Retry, 0x00)]
    [InlineData(QuicVersion.Version2, QuicPacketType.Initial, 0x10)]
    [InlineData(QuicVersion.Version2, QuicPacketType.ZeroRtt, 0x20)]
    [InlineData(QuicVersion.Version2, QuicPacketType.Handshake, 0x30)]
    public void TypeBits_AndParsing_FollowEachVersionsNumbering(uint version, QuicPacketType type, byte bits)
    {
        Assert.Equal(bits, QuicLongHeader.TypeBits(type, version));
        byte[] packet = [(byte)(0xC0 | bits), (byte)(version >> 24), (byte)(version >> 16), (byte)(version >> 8), (byte)version, 1, 0xAA, 0, .. new byte[40]];
        packet[8] = 20;   // token length 0 is at [8] for Initial; for the others [8] is the Length (20), then 20 bytes
        if (type == QuicPacketType.Initial)
        {
            packet[8] = 0;
            packet[9] = 20;
        }

        Assert.Equal(QuicHeaderStatus.Valid, QuicLongHeader.TryParse(packet, out QuicLongHeader header, out string? error));
        Assert.True(error is null, error);
        Assert.Equal(type, header.Type);
    }

    [Fact]
    public void TryParse_VersionNegotiationAndUnknownVersion_Recognised()
    {
        byte[] negotiation = [0x80, 0, 0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0, 1];
        Assert.Equal(QuicHeaderStatus.Valid, QuicLongHeader.TryParse(negotiation, out QuicLongHeader header, out _));
        Assert.Equal(QuicPacketType.VersionNegotiation, header.Type);

        byte[] unknown = [0xC0, 0x1a, 0x2a, 0x3a, 0x4a, 30, .. new byte[30], 0];
        Assert.Equal(QuicHeaderStatus.UnsupportedVersion, QuicLongHeader.TryParse(unknown, out header, out _));
        Assert.Equal(0x1a2a3a4au, header.Version);
        Assert.Equal(30, header.DestinationConnectionIdLength);
    }

    [Fact]
    public void TryParse_ShortHeaderAndEmpty_NotLongHeader()
    {
        Assert.Equal(QuicHeaderStatus.NotLongHeader, QuicLongHeader.TryParse([], out _, out _));
        Assert.Equal(QuicHeaderStatus.NotLongHeader, QuicLongHeader.TryParse([0x40, 1, 2, 3], out _, out _));
    }

    [Fact]
    public void TryParse_EveryTruncation_MalformedNeverThrows()
    {
        byte[] packet = Hex(ClientInitialV1);
        for (int length = 1; length < packet.Length; length++)
        {
            Assert.Equal(QuicHeaderStatus.Malformed, QuicLongHeader.TryParse(packet.AsSpan(0, length), out _, out string? error));
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void TryParse_LongConnectionIdInVersion1_Malformed()
    {
        byte[] packet = [0xC0, 0, 0, 0, 1, 21, .. new byte[21], 0, 0, 20, .. new byte[20]];
        Assert.Equal(QuicHeaderStatus.Malformed, QuicLongHeader.TryParse(packet, out _, out _));
    }
}
