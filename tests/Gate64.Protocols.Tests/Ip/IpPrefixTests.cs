using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Tests.Ip;

public class IpPrefixTests
{
    [Theory]
    [InlineData("192.0.2.0/24", AddressFamily.InterNetwork, "192.0.2.0", 24)]
    [InlineData("192.0.2.77/24", AddressFamily.InterNetwork, "192.0.2.0", 24)]
    [InlineData("0.0.0.0/0", AddressFamily.InterNetwork, "0.0.0.0", 0)]
    [InlineData("203.0.113.9/0", AddressFamily.InterNetwork, "0.0.0.0", 0)]
    [InlineData("198.51.100.7/32", AddressFamily.InterNetwork, "198.51.100.7", 32)]
    [InlineData("198.51.100.7", AddressFamily.InterNetwork, "198.51.100.7", 32)]
    [InlineData("2001:db8::/32", AddressFamily.InterNetworkV6, "2001:db8::", 32)]
    [InlineData("2001:DB8:1:2::/48", AddressFamily.InterNetworkV6, "2001:db8:1::", 48)]
    [InlineData("::/0", AddressFamily.InterNetworkV6, "::", 0)]
    [InlineData("2001:db8::1", AddressFamily.InterNetworkV6, "2001:db8::1", 128)]
    [InlineData("2001:db8::1/128", AddressFamily.InterNetworkV6, "2001:db8::1", 128)]
    [InlineData("::ffff:0:0/96", AddressFamily.InterNetworkV6, "::ffff:0.0.0.0", 96)]
    public void TryParse_Valid_GivesFamilyNetworkAndLength(string text, AddressFamily family, string network, int length)
    {
        Assert.True(IpPrefix.TryParse(text, out IpPrefix prefix));
        Assert.Equal(family, prefix.Family);
        Assert.Equal(IPAddress.Parse(network), prefix.Network);
        Assert.Equal(length, prefix.Length);
        Assert.Equal(prefix, IpPrefix.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("abc")]
    [InlineData("1.2.3.4/33")]
    [InlineData("::/129")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("fe80::1%2/64")]
    [InlineData("1.2.3.4/-1")]
    [InlineData("1.2.3.4/+8")]
    [InlineData("1.2.3.4/ 8")]
    [InlineData("1.2.3.4/8 ")]
    [InlineData(" 1.2.3.4/8")]
    [InlineData("1.2.3.4/")]
    [InlineData("/8")]
    [InlineData("1.2.3.4/8/8")]
    [InlineData("1.2.3.4/0x8")]
    [InlineData("1.2.3.4/99999999999999999999")]
    [InlineData("1.2.3.4.5/8")]
    [InlineData("256.0.0.0/8")]
    [InlineData("2001:db8:::/32")]
    [InlineData("2001:db8::/3\u0662")]
    public void TryParse_Garbage_ReturnsFalseWithoutThrowing(string text)
    {
        Assert.False(IpPrefix.TryParse(text, out IpPrefix prefix));
        Assert.Equal(default, prefix);
        Assert.Throws<FormatException>(() => IpPrefix.Parse(text));
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(IpPrefix.TryParse(null, out _));
    }

    /// <summary>
    /// IPAddress.TryParse also accepts the inet_aton shorthands, in which "10" is 0.0.0.10 and a leading
    /// zero means octal. In an ACL that silently turns "--allow 010.0.0.0/8" into 8.0.0.0/8 and
    /// "--allow 10/8" into 0.0.0.0/8: only the dotted quad may be accepted.
    /// </summary>
    [Theory]
    [InlineData("10/8")]
    [InlineData("10.1/16")]
    [InlineData("192.168.1/24")]
    [InlineData("010.0.0.0/8")]
    [InlineData("0x0a.0.0.0/8")]
    [InlineData("127.1")]
    [InlineData("3232235777")]
    public void TryParse_Ipv4ShorthandOrOctal_IsRejected(string text)
    {
        Assert.False(IpPrefix.TryParse(text, out IpPrefix prefix), $"'{text}' was accepted as {prefix}");
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        Random random = new(4632);
        const string Alphabet = "0123456789abcdef:./%-+ x";
        char[] chars = new char[20];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.Next(chars.Length + 1);
            for (int j = 0; j < length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }
            string text = new(chars, 0, length);
            if (IpPrefix.TryParse(text, out IpPrefix prefix))
            {
                Assert.InRange(prefix.Length, 0, prefix.Family == AddressFamily.InterNetwork ? 32 : 128);
            }
        }
    }

    [Theory]
    [InlineData("192.0.2.0/25", "192.0.2.0", true)]
    [InlineData("192.0.2.0/25", "192.0.2.127", true)]
    [InlineData("192.0.2.0/25", "192.0.2.128", false)]
    [InlineData("192.0.2.0/25", "192.0.3.1", false)]
    [InlineData("192.0.2.0/25", "192.0.1.255", false)]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("198.51.100.7/32", "198.51.100.7", true)]
    [InlineData("198.51.100.7/32", "198.51.100.6", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::/33", "2001:db8:7fff:ffff::", true)]
    [InlineData("2001:db8::/33", "2001:db8:8000::", false)]
    [InlineData("2001:db8:64::/96", "2001:db8:64::c000:221", true)]
    [InlineData("2001:db8:64::/96", "2001:db8:64:0:0:1::", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "::", true)]
    [InlineData("2001:db8::1/128", "2001:db8::1", true)]
    [InlineData("2001:db8::1/128", "2001:db8::", false)]
    [InlineData("::/1", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("::/1", "8000::", false)]
    [InlineData("8000::/1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/127", "2001:db8::1", true)]
    [InlineData("2001:db8::/127", "2001:db8::2", false)]
    public void Contains_Address_MatchesTheNetworkBits(string prefixText, string addressText, bool expected)
    {
        IpPrefix prefix = IpPrefix.Parse(prefixText);
        IPAddress address = IPAddress.Parse(addressText);

        Assert.Equal(expected, prefix.Contains(address));
        Assert.Equal(expected, prefix.Contains(address.GetAddressBytes()));
    }

    [Theory]
    [InlineData("0.0.0.0/0", "::")]
    [InlineData("0.0.0.0/0", "::ffff:192.0.2.1")]
    [InlineData("192.0.2.0/24", "::ffff:192.0.2.1")]
    [InlineData("::/0", "192.0.2.1")]
    [InlineData("::/0", "0.0.0.0")]
    [InlineData("::ffff:0:0/96", "192.0.2.1")]
    public void Contains_OtherFamily_IsFalse(string prefixText, string addressText)
    {
        IpPrefix prefix = IpPrefix.Parse(prefixText);
        IPAddress address = IPAddress.Parse(addressText);

        Assert.False(prefix.Contains(address));
        Assert.False(prefix.Contains(address.GetAddressBytes()));
    }

    [Theory]
    [InlineData("0.0.0.0/0", 0)]
    [InlineData("0.0.0.0/0", 3)]
    [InlineData("0.0.0.0/0", 5)]
    [InlineData("0.0.0.0/0", 16)]
    [InlineData("::/0", 0)]
    [InlineData("::/0", 4)]
    [InlineData("::/0", 15)]
    [InlineData("::/0", 17)]
    public void Contains_SpanOfWrongLength_IsFalse(string prefixText, int length)
    {
        Assert.False(IpPrefix.Parse(prefixText).Contains(new byte[length]));
    }

    [Fact]
    public void Contains_NullAddress_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => IpPrefix.Parse("::/0").Contains((IPAddress)null!));
    }

    [Theory]
    [InlineData("2001:db8::/32", "2001:db8::/32", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::/48", true)]
    [InlineData("2001:db8::/32", "2001:db8::1/128", true)]
    [InlineData("2001:db8::/32", "2001:db8::/31", false)]
    [InlineData("2001:db8::/32", "2001:db9::/48", false)]
    [InlineData("::/0", "2001:db8::/32", true)]
    [InlineData("::/0", "0.0.0.0/0", false)]
    [InlineData("0.0.0.0/0", "::/0", false)]
    [InlineData("192.0.2.0/24", "192.0.2.128/25", true)]
    [InlineData("192.0.2.0/25", "192.0.2.128/25", false)]
    [InlineData("192.0.2.0/25", "192.0.2.0/24", false)]
    [InlineData("::ffff:0:0/96", "64:ff9b::/96", false)]
    [InlineData("64:ff9b::/64", "64:ff9b::/96", true)]
    public void Contains_Prefix_TrueOnlyWhenEveryAddressIsInside(string outerText, string innerText, bool expected)
    {
        IpPrefix outer = IpPrefix.Parse(outerText);
        IpPrefix inner = IpPrefix.Parse(innerText);

        Assert.Equal(expected, outer.Contains(inner));
        Assert.Equal(expected || inner.Contains(outer), outer.Overlaps(inner));
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.99/24")]
    [InlineData("2001:db8::/32", "2001:DB8:0:0::/32")]
    [InlineData("2001:db8::/32", "2001:db8:ffff::/32")]
    [InlineData("10.0.0.1", "10.0.0.1/32")]
    public void Equality_SameNetworkAndLength_AreEqual(string a, string b)
    {
        IpPrefix left = IpPrefix.Parse(a);
        IpPrefix right = IpPrefix.Parse(b);

        Assert.Equal(left, right);
        Assert.True(left == right);
        Assert.False(left != right);
        Assert.True(left.Equals((object)right));
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0/25")]
    [InlineData("192.0.2.0/24", "192.0.3.0/24")]
    [InlineData("0.0.0.0/0", "::/0")]
    [InlineData("::/96", "0.0.0.0/0")]
    [InlineData("::ffff:192.0.2.0/120", "192.0.2.0/24")]
    public void Equality_DifferentPrefixes_AreNotEqual(string a, string b)
    {
        IpPrefix left = IpPrefix.Parse(a);
        IpPrefix right = IpPrefix.Parse(b);

        Assert.NotEqual(left, right);
        Assert.True(left != right);
        Assert.False(left.Equals((object)b));
    }

    [Theory]
    [InlineData("192.0.2.77/24", "192.0.2.0/24")]
    [InlineData("2001:DB8::1/32", "2001:db8::/32")]
    [InlineData("::/0", "::/0")]
    [InlineData("10.1.2.3", "10.1.2.3/32")]
    public void ToString_IsCanonicalNetworkSlashLength(string text, string expected)
    {
        Assert.Equal(expected, IpPrefix.Parse(text).ToString());
    }

    [Fact]
    public void Create_ChecksTheLength()
    {
        Assert.Equal(IpPrefix.Parse("192.0.2.0/24"), IpPrefix.Create(IPAddress.Parse("192.0.2.200"), 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => IpPrefix.Create(IPAddress.Parse("192.0.2.0"), 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => IpPrefix.Create(IPAddress.Parse("::"), 129));
        Assert.Throws<ArgumentOutOfRangeException>(() => IpPrefix.Create(IPAddress.Parse("::"), -1));
    }

    [Theory]
    [InlineData("192.0.2.77/24", "192.0.2.0")]
    [InlineData("198.51.100.1/32", "198.51.100.1")]
    [InlineData("2001:db8:10::10/48", "2001:db8:10::")]
    [InlineData("::/0", "::")]
    public void WriteNetworkBytes_WritesTheNetworkWithHostBitsCleared(string prefix, string network)
    {
        byte[] destination = new byte[16];

        int written = IpPrefix.Parse(prefix).WriteNetworkBytes(destination);

        Assert.Equal(IPAddress.Parse(network).GetAddressBytes(), destination[..written]);
    }
}
