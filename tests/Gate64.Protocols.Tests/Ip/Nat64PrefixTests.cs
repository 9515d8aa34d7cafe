using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Tests.Ip;

public class Nat64PrefixTests
{
    private static readonly IPAddress s_ipv4 = IPAddress.Parse("192.0.2.33");

    /// <summary>RFC 6052 §2.4, Table 1: 192.0.2.33 embedded in every valid prefix length, and the Well-Known Prefix.</summary>
    public static TheoryData<string, string> Rfc6052Table => new()
    {
        { "2001:db8::/32", "2001:db8:c000:221::" },
        { "2001:db8:100::/40", "2001:db8:1c0:2:21::" },
        { "2001:db8:122::/48", "2001:db8:122:c000:2:2100::" },
        { "2001:db8:122:300::/56", "2001:db8:122:3c0:0:221::" },
        { "2001:db8:122:344::/64", "2001:db8:122:344:c0:2:2100:0" },
        { "2001:db8:122:344::/96", "2001:db8:122:344::192.0.2.33" },
        { "64:ff9b::/96", "64:ff9b::c000:221" },
    };

    [Theory]
    [MemberData(nameof(Rfc6052Table))]
    public void Embed_Rfc6052Table_GivesTheTableAddress(string prefixText, string expected)
    {
        Nat64Prefix prefix = Nat64Prefix.Parse(prefixText);

        Assert.Equal(IPAddress.Parse(expected), prefix.Embed(s_ipv4));
    }

    [Theory]
    [MemberData(nameof(Rfc6052Table))]
    public void EmbedSpan_Rfc6052Table_GivesTheTableAddress(string prefixText, string expected)
    {
        Nat64Prefix prefix = Nat64Prefix.Parse(prefixText);
        byte[] ipv6 = new byte[16];

        prefix.Embed(s_ipv4.GetAddressBytes(), ipv6);

        Assert.Equal(IPAddress.Parse(expected).GetAddressBytes(), ipv6);
    }

    [Theory]
    [MemberData(nameof(Rfc6052Table))]
    public void TryExtract_Rfc6052Table_GivesTheIpv4Address(string prefixText, string embedded)
    {
        Nat64Prefix prefix = Nat64Prefix.Parse(prefixText);

        Assert.True(prefix.TryExtract(IPAddress.Parse(embedded), out IPAddress? ipv4));
        Assert.Equal(s_ipv4, ipv4);
    }

    [Theory]
    [MemberData(nameof(Rfc6052Table))]
    public void TryExtractSpan_Rfc6052Table_GivesTheIpv4Address(string prefixText, string embedded)
    {
        Nat64Prefix prefix = Nat64Prefix.Parse(prefixText);
        byte[] ipv4 = new byte[4];

        Assert.True(prefix.TryExtract(IPAddress.Parse(embedded).GetAddressBytes(), ipv4));
        Assert.Equal(s_ipv4.GetAddressBytes(), ipv4);
    }

    [Theory]
    [InlineData("2001:db8::/32")]
    [InlineData("2001:db8:100::/40")]
    [InlineData("2001:db8:122::/48")]
    [InlineData("2001:db8:122:300::/56")]
    [InlineData("2001:db8:122:344::/64")]
    [InlineData("2001:db8:122:344::/96")]
    public void EmbedThenExtract_ManyAddresses_RoundTrips(string prefixText)
    {
        Nat64Prefix prefix = Nat64Prefix.Parse(prefixText);
        Random random = new(6052);
        byte[] ipv4 = new byte[4];
        byte[] ipv6 = new byte[16];
        byte[] back = new byte[4];
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(ipv4);
            prefix.Embed(ipv4, ipv6);
            Assert.True(prefix.Prefix.Contains(ipv6));
            Assert.Equal(0, ipv6[8]);   // the u octet stays zero
            Assert.True(prefix.TryExtract(ipv6, back));
            Assert.Equal(ipv4, back);
        }
    }

    [Theory]
    [InlineData("2001:db8::/32", 32)]
    [InlineData("2001:db8:100::/40", 40)]
    [InlineData("2001:db8:122::/48", 48)]
    [InlineData("2001:db8:122:300::/56", 56)]
    [InlineData("2001:db8:122:344::/64", 64)]
    [InlineData("2001:db8:64::/96", 96)]
    public void TryParse_ValidLengths_Succeeds(string text, int length)
    {
        Assert.True(Nat64Prefix.TryParse(text, out Nat64Prefix prefix, out string? error));
        Assert.Null(error);
        Assert.Equal(length, prefix.Length);
        Assert.Equal(IpPrefix.Parse(text), prefix.Prefix);
        Assert.Equal(text, prefix.ToString());
    }

    [Theory]
    [InlineData("2001:db8::/33", "/32, /40, /48, /56, /64 or /96")]
    [InlineData("2001:db8::/128", "/32, /40, /48, /56, /64 or /96")]
    [InlineData("2001:db8::/0", "/32, /40, /48, /56, /64 or /96")]
    [InlineData("2001:db8::/97", "/32, /40, /48, /56, /64 or /96")]
    [InlineData("192.0.2.0/24", "not an IPv6 prefix")]
    [InlineData("2001:db8::1/32", "beyond /32")]
    [InlineData("2001:db8:0:1::/48", "beyond /48")]
    [InlineData("2001:db8:0:0:ff00::/96", "'u' octet")]
    [InlineData("2001:db8:0:0:100::/96", "'u' octet")]
    [InlineData("2001:db8::", "not an IPv6 prefix")]
    [InlineData("", "not an IPv6 prefix")]
    [InlineData("   ", "not an IPv6 prefix")]
    [InlineData("garbage", "not an IPv6 prefix")]
    [InlineData("64:ff9b::/", "not an IPv6 prefix")]
    [InlineData("64:ff9b::/x", "not an IPv6 prefix")]
    [InlineData("64:ff9b::/-96", "not an IPv6 prefix")]
    [InlineData("64:ff9b::/96/96", "not an IPv6 prefix")]
    [InlineData("/96", "not an IPv6 prefix")]
    [InlineData("fe80::%1/64", "not an IPv6 prefix")]
    [InlineData("64:ff9b::/99999999999999999999", "not an IPv6 prefix")]
    public void TryParse_Invalid_ReturnsFalseWithReason(string text, string reason)
    {
        Assert.False(Nat64Prefix.TryParse(text, out Nat64Prefix prefix, out string? error));
        Assert.Equal(default, prefix.Length);
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalseWithReason()
    {
        Assert.False(Nat64Prefix.TryParse(null, out _, out string? error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithTheReason()
    {
        FormatException exception = Assert.Throws<FormatException>(() => Nat64Prefix.Parse("2001:db8::/33"));
        Assert.Contains("RFC 6052", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        Random random = new(52);
        const string Alphabet = "0123456789abcdef:./%-[] x";
        char[] chars = new char[24];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.Next(chars.Length + 1);
            for (int j = 0; j < length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }
            string text = new(chars, 0, length);
            bool ok = Nat64Prefix.TryParse(text, out Nat64Prefix prefix, out string? error);
            Assert.True(ok ? error is null && prefix.Length is 32 or 40 or 48 or 56 or 64 or 96 : error is not null, text);
        }
    }

    [Theory]
    [InlineData("2001:db8:122:344::/96", "2001:db8:122:345::c000:221")]
    [InlineData("2001:db8:122:344::/96", "64:ff9b::c000:221")]
    [InlineData("64:ff9b::/96", "64:ff9b:1::c000:221")]
    [InlineData("2001:db8::/32", "2001:db9:c000:221::")]
    [InlineData("2001:db8:100::/40", "2001:db8:200:2:21::")]
    public void TryExtract_AddressOutsideThePrefix_ReturnsFalse(string prefixText, string address)
    {
        Nat64Prefix prefix = Nat64Prefix.Parse(prefixText);
        byte[] ipv4 = [1, 2, 3, 4];

        Assert.False(prefix.TryExtract(IPAddress.Parse(address), out IPAddress? extracted));
        Assert.Null(extracted);
        Assert.False(prefix.TryExtract(IPAddress.Parse(address).GetAddressBytes(), ipv4));
    }

    [Fact]
    public void TryExtract_Ipv4Address_ReturnsFalse()
    {
        Assert.False(Nat64Prefix.WellKnown.TryExtract(IPAddress.Parse("192.0.2.33"), out IPAddress? extracted));
        Assert.Null(extracted);
        Assert.False(Nat64Prefix.WellKnown.TryExtract(new byte[4], new byte[4]));
    }

    [Fact]
    public void TryExtract_DestinationTooSmall_ReturnsFalse()
    {
        Assert.False(Nat64Prefix.WellKnown.TryExtract(IPAddress.Parse("64:ff9b::c000:221").GetAddressBytes(), new byte[3]));
    }

    [Fact]
    public void Embed_Ipv6Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => Nat64Prefix.WellKnown.Embed(IPAddress.IPv6Loopback));
    }

    [Fact]
    public void WellKnown_Is64ff9b96()
    {
        Assert.Equal(96, Nat64Prefix.WellKnown.Length);
        Assert.Equal(IpPrefix.Parse("64:ff9b::/96"), Nat64Prefix.WellKnown.Prefix);
        Assert.True(Nat64Prefix.WellKnown.IsWellKnown);
    }

    [Theory]
    [InlineData("64:ff9b::/96", true)]
    [InlineData("64:FF9B::/96", true)]
    [InlineData("64:ff9b:0:0:0:0::/96", true)]
    [InlineData("64:ff9b:1::/48", false)]
    [InlineData("64:ff9b::/64", false)]
    [InlineData("2001:db8:64::/96", false)]
    public void IsWellKnown_OnlyForTheWellKnownPrefix(string text, bool expected)
    {
        Assert.Equal(expected, Nat64Prefix.Parse(text).IsWellKnown);
    }

    [Fact]
    public void Equality_ComparesThePrefix()
    {
        Assert.Equal(Nat64Prefix.Parse("2001:db8:64::/96"), Nat64Prefix.Parse("2001:DB8:64:0::/96"));
        Assert.True(Nat64Prefix.Parse("2001:db8:64::/96") == Nat64Prefix.Parse("2001:db8:64::/96"));
        Assert.True(Nat64Prefix.Parse("2001:db8:64::/96") != Nat64Prefix.Parse("2001:db8:64::/64"));
        Assert.Equal(Nat64Prefix.Parse("2001:db8::/32").GetHashCode(), Nat64Prefix.Parse("2001:db8:0::/32").GetHashCode());
    }
}
