using Gate64.Protocols.Tls;

namespace Gate64.Protocols.Tests.Tls;

public class TlsAlertTests
{
    [Theory]
    [InlineData(TlsAlertDescription.UnrecognizedName, "15030300020270")]
    [InlineData(TlsAlertDescription.InternalError, "15030300020250")]
    [InlineData(TlsAlertDescription.DecodeError, "15030300020232")]
    [InlineData(TlsAlertDescription.HandshakeFailure, "15030300020228")]
    [InlineData(TlsAlertDescription.CloseNotify, "15030300020100")]
    public void Write_Description_ExactRecordBytes(TlsAlertDescription description, string expectedHex)
    {
        // RFC 8446 §5.1 TLSPlaintext {type 21, legacy_record_version 0x0303, length 2} and §6 Alert {level, description}.
        Span<byte> buffer = stackalloc byte[16];
        buffer.Fill(0xEE);
        Assert.Equal(TlsAlert.Size, TlsAlert.Write(buffer, description));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(buffer[..TlsAlert.Size]));
        Assert.Equal(0xEE, buffer[TlsAlert.Size]);
    }

    [Fact]
    public void Write_DescriptionValues_MatchRfc8446()
    {
        Assert.Equal(0, (byte)TlsAlertDescription.CloseNotify);
        Assert.Equal(40, (byte)TlsAlertDescription.HandshakeFailure);
        Assert.Equal(50, (byte)TlsAlertDescription.DecodeError);
        Assert.Equal(80, (byte)TlsAlertDescription.InternalError);
        Assert.Equal(112, (byte)TlsAlertDescription.UnrecognizedName);
    }

    [Fact]
    public void Write_ShortBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => TlsAlert.Write(new byte[TlsAlert.Size - 1], TlsAlertDescription.InternalError));
    }
}
