using System.Net;
using Gate64.Configuration;

namespace Gate64.Tests.Configuration;

public class EndpointTextTests
{
    [Theory]
    [InlineData("192.0.2.1:53", "192.0.2.1", 53)]
    [InlineData("0.0.0.0:65535", "0.0.0.0", 65535)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("[2001:db8::1]:53", "2001:db8::1", 53)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("[::]:5353", "::", 5353)]
    [InlineData("[::ffff:192.0.2.1]:53", "::ffff:192.0.2.1", 53)]
    [InlineData("[2001:DB8::A]:853", "2001:db8::a", 853)]
    public void TryParse_AddressAndPort_GivesTheEndpoint(string text, string address, int port)
    {
        Assert.True(EndpointText.TryParse(text, out IPEndPoint? endpoint, out string? error));
        Assert.Null(error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }

    /// <summary>Brackets belong to IPv6 (RFC 3986 §3.2.2); on IPv4 they are a typo worth reporting.</summary>
    [Fact]
    public void TryParse_BracketedIpv4_IsRejected()
    {
        Assert.False(EndpointText.TryParse("[192.0.2.1]:53", out IPEndPoint? endpoint, out string? error));
        Assert.Null(endpoint);
        Assert.Contains("[192.0.2.1]:53", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8::1:53", "bracketed IPv6")]
    [InlineData("::1:53", "bracketed IPv6")]
    [InlineData("host:53", "IPv4 address")]
    [InlineData("localhost:53", "IPv4 address")]
    [InlineData("1.2.3.4", "is not ADDR:PORT")]
    [InlineData("1.2.3.4:", "port must be a number")]
    [InlineData("1.2.3.4:65536", "port must be a number")]
    [InlineData("1.2.3.4:-1", "port must be a number")]
    [InlineData("1.2.3.4:+53", "port must be a number")]
    [InlineData("1.2.3.4: 53", "port must be a number")]
    [InlineData("1.2.3.4:53 ", "port must be a number")]
    [InlineData("1.2.3.4:0x35", "port must be a number")]
    [InlineData("1.2.3.4:99999999999", "port must be a number")]
    [InlineData(" 1.2.3.4:53", "IPv4 address")]
    [InlineData("1.2.3.4.5:53", "IPv4 address")]
    [InlineData("[2001:db8::1]", "is not ADDR:PORT")]
    [InlineData("[2001:db8::1]53", "is not ADDR:PORT")]
    [InlineData("[2001:db8::1:53", "is not ADDR:PORT")]
    [InlineData("2001:db8::1]:53", "is not ADDR:PORT")]
    [InlineData("[]:53", "is not ADDR:PORT")]
    [InlineData(":53", "is not ADDR:PORT")]
    [InlineData(":", "is not ADDR:PORT")]
    [InlineData("", "is not ADDR:PORT")]
    public void TryParse_Invalid_IsRejectedWithAMessageNamingTheText(string text, string reason)
    {
        Assert.False(EndpointText.TryParse(text, out IPEndPoint? endpoint, out string? error));
        Assert.Null(endpoint);
        Assert.NotNull(error);
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_IsRejectedWithAMessage()
    {
        Assert.False(EndpointText.TryParse(null, out IPEndPoint? endpoint, out string? error));
        Assert.Null(endpoint);
        Assert.Contains("ADDR:PORT", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// IPAddress.TryParse also takes inet_aton shorthands, where "10" is 0.0.0.10 and a leading zero
    /// means octal: "--upstream 010.0.0.1:53" would silently send queries to 8.0.0.1.
    /// </summary>
    [Theory]
    [InlineData("010.0.0.1:53")]
    [InlineData("127.1:53")]
    [InlineData("10:53")]
    [InlineData("0x7f.0.0.1:53")]
    public void TryParse_Ipv4ShorthandOrOctal_IsRejected(string text)
    {
        Assert.False(EndpointText.TryParse(text, out IPEndPoint? endpoint, out _), $"'{text}' was accepted as {endpoint}");
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        Random random = new(1035);
        const string Alphabet = "0123456789abcdef:.[]%- x";
        char[] chars = new char[24];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.Next(chars.Length + 1);
            for (int j = 0; j < length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }
            string text = new(chars, 0, length);
            bool ok = EndpointText.TryParse(text, out IPEndPoint? endpoint, out string? error);
            Assert.True(ok ? endpoint is not null && error is null : endpoint is null && error is not null, text);
        }
    }
}
