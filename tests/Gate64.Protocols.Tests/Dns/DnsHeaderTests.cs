using Gate64.Protocols.Dns;

namespace Gate64.Protocols.Tests.Dns;

public class DnsHeaderTests
{
    [Fact]
    public void Flags_EachBit_MapsToItsProperty()
    {
        Assert.True(new DnsHeader(0, 0x8000, 0, 0, 0, 0).IsResponse);
        Assert.True(new DnsHeader(0, 0x0400, 0, 0, 0, 0).Authoritative);
        Assert.True(new DnsHeader(0, 0x0200, 0, 0, 0, 0).Truncated);
        Assert.True(new DnsHeader(0, 0x0100, 0, 0, 0, 0).RecursionDesired);
        Assert.True(new DnsHeader(0, 0x0080, 0, 0, 0, 0).RecursionAvailable);
        Assert.True(new DnsHeader(0, 0x0020, 0, 0, 0, 0).AuthenticData);
        Assert.True(new DnsHeader(0, 0x0010, 0, 0, 0, 0).CheckingDisabled);
        Assert.Equal(DnsOpcode.Update, new DnsHeader(0, 5 << 11, 0, 0, 0, 0).Opcode);
        Assert.Equal(3, new DnsHeader(0, 0x8183, 0, 0, 0, 0).ResponseCode);

        DnsHeader none = default;
        Assert.False(none.IsResponse || none.Authoritative || none.Truncated || none.RecursionDesired || none.RecursionAvailable || none.AuthenticData || none.CheckingDisabled);
    }

    [Fact]
    public void Write_ThenTryRead_RoundTrips()
    {
        DnsHeader header = new(0xABCD, 0x8583, 1, 2, 3, 4);
        byte[] bytes = new byte[DnsHeader.Size];
        header.Write(bytes);
        Assert.Equal("abcd8583000100020003000400", Convert.ToHexStringLower(bytes) + "00");
        Assert.True(DnsHeader.TryRead(bytes, out DnsHeader read));
        Assert.Equal(header, read);
    }

    [Fact]
    public void TryRead_ElevenBytes_ReturnsFalse()
    {
        Assert.False(DnsHeader.TryRead(new byte[11], out _));
    }

    [Fact]
    public void Write_SmallDestination_Throws()
    {
        Assert.Throws<ArgumentException>(() => default(DnsHeader).Write(new byte[11]));
    }
}
