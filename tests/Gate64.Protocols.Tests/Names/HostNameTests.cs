using Gate64.Protocols.Names;

namespace Gate64.Protocols.Tests.Names;

public class HostNameTests
{
    private static readonly string s_label63 = new('a', 63);

    public static TheoryData<string, string> Valid => new()
    {
        { "example.org", "example.org" },
        { "WWW.Example.ORG", "www.example.org" },
        { "example.org.", "example.org" },
        { "EXAMPLE.ORG.", "example.org" },
        { "localhost", "localhost" },
        { "exa_mple.org", "exa_mple.org" },
        { "_acme-challenge.example.org", "_acme-challenge.example.org" },
        { "a-b.c-d.example", "a-b.c-d.example" },
        { "123.example.org", "123.example.org" },
        { "example.org1", "example.org1" },
        { "1.2.3.4.example", "1.2.3.4.example" },
        { "0x7f.example", "0x7f.example" },
        { "xn--nxasmq6b", "xn--nxasmq6b" },
        { "xn--bcher-kva.example", "xn--bcher-kva.example" },
        { "XN--BCHER-KVA.example", "xn--bcher-kva.example" },
        { "xn--55qx5d.xn--fiqs8s", "xn--55qx5d.xn--fiqs8s" },
        { "xn--mnchen-3ya.de", "xn--mnchen-3ya.de" },
        { "a", "a" },
        { "a.b", "a.b" },
        { "ab--cd.example", "ab--cd.example" },
        { s_label63 + ".org", s_label63 + ".org" },
    };

    public static TheoryData<string?, HostNameError> Invalid => new()
    {
        { null, HostNameError.Empty },
        { "", HostNameError.Empty },
        { ".", HostNameError.Empty },
        { "a.b..", HostNameError.InvalidLabel },
        { "a..b", HostNameError.InvalidLabel },
        { ".a.b", HostNameError.InvalidLabel },
        { "..", HostNameError.InvalidLabel },
        { s_label63 + "a.org", HostNameError.InvalidLabel },
        { "-a.org", HostNameError.InvalidLabel },
        { "a-.org", HostNameError.InvalidLabel },
        { "a.org-", HostNameError.InvalidLabel },
        { "a.-", HostNameError.InvalidLabel },
        { "exa mple.org", HostNameError.InvalidLabel },
        { "exa*mple.org", HostNameError.InvalidLabel },
        { "*.example.org", HostNameError.InvalidLabel },
        { "exa%6dple.org", HostNameError.InvalidLabel },
        { "bücher.example", HostNameError.InvalidLabel },
        { "пример.испытание", HostNameError.InvalidLabel },
        { "example.org\0", HostNameError.InvalidLabel },
        { "example.org:80", HostNameError.InvalidLabel },
        { "1.2.3.4:80", HostNameError.InvalidLabel },
        { "[::1", HostNameError.InvalidLabel },
        { "1.2.3.4", HostNameError.IpLiteral },
        { "1.2.3.4.", HostNameError.IpLiteral },
        { "1.2.3", HostNameError.IpLiteral },
        { "127.1", HostNameError.IpLiteral },
        { "3232235777", HostNameError.IpLiteral },
        { "0x7f.0.0.1", HostNameError.IpLiteral },
        { "0x7F000001", HostNameError.IpLiteral },
        { "256.256.256.256", HostNameError.IpLiteral },
        { "example.123", HostNameError.IpLiteral },
        { "[::1]", HostNameError.IpLiteral },
        { "[2001:db8::1]", HostNameError.IpLiteral },
        { "[192.0.2.1]", HostNameError.IpLiteral },
        { "::1", HostNameError.IpLiteral },
        { "2001:db8::1", HostNameError.IpLiteral },
        { "::ffff:192.0.2.1", HostNameError.IpLiteral },
        { "fe80::1%2", HostNameError.IpLiteral },
        { "xn--zz", HostNameError.InvalidPunycode },
        { "xn--zz.example.org", HostNameError.InvalidPunycode },
        { "www.xn--a.example", HostNameError.InvalidPunycode },
        { "xn--abc", HostNameError.InvalidPunycode },   // decodes to C1 control characters
        { "xn--0", HostNameError.InvalidPunycode },
        { "xn--a_b", HostNameError.InvalidPunycode },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryNormalize_ValidName_LowerCaseWithoutTrailingDot(string name, string expected)
    {
        Assert.True(HostName.TryNormalize(name, out string? normalized, out HostNameError error), error.ToString());
        Assert.Equal(expected, normalized);
        Assert.Equal(HostNameError.None, error);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryNormalize_InvalidName_Refused(string? name, HostNameError expected)
    {
        Assert.False(HostName.TryNormalize(name, out string? normalized, out HostNameError error));
        Assert.Null(normalized);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryNormalize_AlreadyNormal_ReturnsSameInstance()
    {
        string name = "www.example.org";
        Assert.True(HostName.TryNormalize(name, out string? normalized, out _));
        Assert.Same(name, normalized);
    }

    [Fact]
    public void TryNormalize_253Characters_Valid()
    {
        string name = Name(253);
        Assert.True(HostName.TryNormalize(name, out string? normalized, out _));
        Assert.Equal(253, normalized!.Length);

        // The trailing dot does not count.
        Assert.True(HostName.TryNormalize(name + ".", out normalized, out _));
        Assert.Equal(name, normalized);
    }

    [Fact]
    public void TryNormalize_254Characters_TooLong()
    {
        Assert.False(HostName.TryNormalize(Name(254), out _, out HostNameError error));
        Assert.Equal(HostNameError.TooLong, error);
        Assert.False(HostName.TryNormalize(new string('a', 70_000), out _, out error));
        Assert.Equal(HostNameError.TooLong, error);
    }

    [Fact]
    public void TryNormalize_Labels63And64_ValidAndInvalid()
    {
        Assert.True(HostName.TryNormalize(new string('a', 63) + ".example", out _, out _));
        Assert.False(HostName.TryNormalize(new string('a', 64) + ".example", out _, out HostNameError error));
        Assert.Equal(HostNameError.InvalidLabel, error);
    }

    /// <summary>A name of exactly <paramref name="length"/> characters: 63-character labels, then the rest.</summary>
    private static string Name(int length)
    {
        List<string> labels = [];
        int remaining = length;
        while (remaining > 63)
        {
            labels.Add(new string((char)('a' + labels.Count), 63));
            remaining -= 64;
        }

        labels.Add(new string('z', remaining));
        string name = string.Join('.', labels);
        Assert.Equal(length, name.Length);
        return name;
    }
}
