using System.Net;
using Gate64.Protocols.Dns;

namespace Gate64.Protocols.Tests.Dns;

public class DnsRdataTests
{
    private static readonly DnsName s_owner = DnsName.Parse("example.org");

    [Theory]
    [InlineData("192.0.2.1", DnsRecordType.A)]
    [InlineData("2001:db8::1", DnsRecordType.AAAA)]
    [InlineData("64:ff9b::c000:201", DnsRecordType.AAAA)]
    public void TryGetAddress_FromAddress_RoundTrips(string text, DnsRecordType type)
    {
        IPAddress address = IPAddress.Parse(text);
        DnsResourceRecord record = new(s_owner, type, DnsClass.IN, 1, DnsRdata.FromAddress(address));
        Assert.True(DnsRdata.TryGetAddress(record, out IPAddress? read));
        Assert.Equal(address, read);
    }

    [Fact]
    public void TryGetAddress_WrongTypeOrLength_ReturnsFalse()
    {
        Assert.False(DnsRdata.TryGetAddress(new DnsResourceRecord(s_owner, DnsRecordType.AAAA, DnsClass.IN, 1, new byte[4]), out _));
        Assert.False(DnsRdata.TryGetAddress(new DnsResourceRecord(s_owner, DnsRecordType.A, DnsClass.IN, 1, new byte[16]), out _));
        Assert.False(DnsRdata.TryGetAddress(new DnsResourceRecord(s_owner, DnsRecordType.TXT, DnsClass.IN, 1, new byte[4]), out _));
    }

    [Theory]
    [InlineData(DnsRecordType.CNAME)]
    [InlineData(DnsRecordType.DNAME)]
    [InlineData(DnsRecordType.NS)]
    [InlineData(DnsRecordType.PTR)]
    public void TryGetName_FromName_RoundTrips(DnsRecordType type)
    {
        DnsName target = DnsName.Parse("target.example.net");
        Assert.True(DnsRdata.TryGetName(new DnsResourceRecord(s_owner, type, DnsClass.IN, 1, DnsRdata.FromName(target)), out DnsName? read));
        Assert.Equal(target, read);
    }

    [Fact]
    public void TryGetName_MalformedOrWrongType_ReturnsFalse()
    {
        Assert.False(DnsRdata.TryGetName(new DnsResourceRecord(s_owner, DnsRecordType.CNAME, DnsClass.IN, 1, new byte[] { 1, (byte)'a' }), out _));
        Assert.False(DnsRdata.TryGetName(new DnsResourceRecord(s_owner, DnsRecordType.CNAME, DnsClass.IN, 1, new byte[] { 0, 0 }), out _));
        Assert.False(DnsRdata.TryGetName(new DnsResourceRecord(s_owner, DnsRecordType.A, DnsClass.IN, 1, DnsRdata.FromName(s_owner)), out _));
    }

    [Fact]
    public void TryGetSoa_FromSoa_RoundTrips()
    {
        DnsSoa soa = new(DnsName.Parse("ns1.example.org"), DnsName.Parse("hostmaster.example.org"), 2024010101, 7200, 3600, 1209600, uint.MaxValue);
        DnsResourceRecord record = new(s_owner, DnsRecordType.SOA, DnsClass.IN, 1, DnsRdata.FromSoa(soa));
        Assert.True(DnsRdata.TryGetSoa(record, out DnsSoa read));
        Assert.Equal(soa, read);

        Assert.False(DnsRdata.TryGetSoa(record with { Data = record.Data[..^1] }, out _));
        Assert.False(DnsRdata.TryGetSoa(record with { Type = DnsRecordType.NS }, out _));
    }

    [Fact]
    public void TryGetMx_FromMx_RoundTrips()
    {
        DnsResourceRecord record = new(s_owner, DnsRecordType.MX, DnsClass.IN, 1, DnsRdata.FromMx(5, DnsName.Parse("mx.example.org")));
        Assert.True(DnsRdata.TryGetMx(record, out ushort preference, out DnsName? exchange));
        Assert.Equal(5, preference);
        Assert.Equal("mx.example.org.", exchange.ToString());
        Assert.False(DnsRdata.TryGetMx(record with { Data = new byte[] { 0 } }, out _, out _));
    }

    [Fact]
    public void FromText_Strings_AreLengthPrefixed()
    {
        Assert.Equal([2, (byte)'h', (byte)'i', 0], DnsRdata.FromText("hi", string.Empty).ToArray());
        Assert.Throws<ArgumentException>(() => DnsRdata.FromText(new string('x', 256)));
    }

    [Fact]
    public void Equality_ComparesDataByContent()
    {
        DnsResourceRecord a = new(s_owner, DnsRecordType.A, DnsClass.IN, 1, new byte[] { 1, 2, 3, 4 });
        DnsResourceRecord b = new(DnsName.Parse("EXAMPLE.org"), DnsRecordType.A, DnsClass.IN, 1, new byte[] { 1, 2, 3, 4 });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Data = new byte[] { 1, 2, 3, 5 } });
        Assert.NotEqual(a, a.WithTtl(2));
        Assert.Equal(2u, a.WithTtl(2).Ttl);

        Assert.Equal(DnsEdns.Default, new DnsEdns(1232, 0, 0, false, Array.Empty<byte>()));
        Assert.NotEqual(DnsEdns.Default, DnsEdns.Default with { Options = new byte[] { 0, 1, 0, 0 } });
    }
}
