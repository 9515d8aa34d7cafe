using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Gate64.Cli.Commands;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Cli;

public class Dns64CommandTests
{
    private static readonly string[] s_valid = ["dns64", "--listen", "127.0.0.1:5353", "--upstream", "192.0.2.53:53"];

    [Fact]
    public void Parse_MinimalValidCommand_HasNoErrorsAndTheDefaults()
    {
        ParseResult result = Parse(s_valid);

        Assert.Empty(result.Errors);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5353)], result.GetValue<IPEndPoint[]>("--listen"));
        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53)], result.GetValue<IPEndPoint[]>("--upstream"));
        Assert.Equal(Nat64Prefix.WellKnown, result.GetValue<Nat64Prefix>("--prefix"));
        Assert.Equal(64, result.GetValue<int>("--cache-mb"));
    }

    [Fact]
    public void Parse_EveryOption_GivesTheValues()
    {
        ParseResult result = Parse(
            "dns64",
            "--listen", "127.0.0.1:5353", "--listen", "[::1]:5353",
            "--upstream", "192.0.2.53:53", "--upstream", "[2001:db8::53]:53",
            "--prefix", "2001:db8:64::/96",
            "--allow", "::1/128", "--allow", "127.0.0.0/8",
            "--exclude", "2001:db8:bad::/48",
            "--cache-mb", "8");

        Assert.Empty(result.Errors);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5353), new IPEndPoint(IPAddress.IPv6Loopback, 5353)], result.GetValue<IPEndPoint[]>("--listen"));
        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53)], result.GetValue<IPEndPoint[]>("--upstream"));
        Assert.Equal(Nat64Prefix.Parse("2001:db8:64::/96"), result.GetValue<Nat64Prefix>("--prefix"));
        Assert.Equal([IpPrefix.Parse("::1/128"), IpPrefix.Parse("127.0.0.0/8")], result.GetValue<IpPrefix[]>("--allow")!);
        Assert.Equal([IpPrefix.Parse("2001:db8:bad::/48")], result.GetValue<IpPrefix[]>("--exclude")!);
        Assert.Equal(8, result.GetValue<int>("--cache-mb"));
    }

    [Fact]
    public void Parse_MissingListen_IsAnErrorNamingTheOption()
    {
        ParseResult result = Parse("dns64", "--upstream", "192.0.2.53:53");

        Assert.Contains(result.Errors, error => error.Message.Contains("--listen", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MissingUpstream_IsAnErrorNamingTheOption()
    {
        ParseResult result = Parse("dns64", "--listen", "127.0.0.1:53");

        Assert.Contains(result.Errors, error => error.Message.Contains("--upstream", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2001:db8::1:53")]
    [InlineData("localhost:53")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1")]
    public void Parse_BadListen_IsAnErrorNamingTheOptionAndTheValue(string value)
    {
        ParseResult result = Parse("dns64", "--listen", value, "--upstream", "192.0.2.53:53");

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--listen", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OneBadListenAmongGoodOnes_IsStillAnError()
    {
        ParseResult result = Parse("dns64", "--listen", "127.0.0.1:53", "--listen", "bad", "--upstream", "192.0.2.53:53");

        Assert.Contains(result.Errors, error => error.Message.Contains("'bad'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BadUpstream_IsAnErrorNamingTheOptionAndTheValue()
    {
        ParseResult result = Parse("dns64", "--listen", "127.0.0.1:53", "--upstream", "resolver.example:53");

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--upstream", error.Message, StringComparison.Ordinal);
        Assert.Contains("'resolver.example:53'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8::/33")]
    [InlineData("64:ff9b::/128")]
    public void Parse_PrefixOfAnInvalidLength_IsAnErrorListingTheRfc6052Lengths(string value)
    {
        ParseResult result = Parse([.. s_valid, "--prefix", value]);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--prefix", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.Contains("/32, /40, /48, /56, /64 or /96", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.0/24", "not an IPv6 prefix")]
    [InlineData("2001:db8:0:0:ff00::/96", "'u' octet")]
    [InlineData("2001:db8::1/32", "beyond /32")]
    public void Parse_OtherwiseInvalidPrefix_IsAnErrorWithTheReason(string value, string reason)
    {
        ParseResult result = Parse([.. s_valid, "--prefix", value]);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--prefix", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--allow", "abc")]
    [InlineData("--allow", "10.0.0.0/33")]
    [InlineData("--allow", "::/129")]
    [InlineData("--exclude", "nope")]
    public void Parse_BadPrefixList_IsAnErrorNamingTheOptionAndTheValue(string option, string value)
    {
        ParseResult result = Parse([.. s_valid, option, value]);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65537")]
    public void Parse_CacheSizeOutOfRange_IsAnError(string value)
    {
        ParseResult result = Parse([.. s_valid, "--cache-mb", value]);

        Assert.Contains(result.Errors, error => error.Message.Contains("--cache-mb", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_MentionsEveryOption()
    {
        using StringWriter output = new();
        ParseResult result = Parse("dns64", "--help");

        int exitCode = result.Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.Equal(0, exitCode);
        string help = output.ToString();
        foreach (string option in (string[])["--listen", "--upstream", "--prefix", "--allow", "--exclude", "--cache-mb"])
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }
        Assert.Contains("ADDR:PORT", help, StringComparison.Ordinal);
        Assert.Contains("RFC 6052", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_InvalidSettings_ExitsWithTwoWithoutStarting()
    {
        using StringWriter output = new();
        ParseResult result = Parse("dns64", "--listen", "127.0.0.1:0", "--upstream", "192.0.2.53:53", "--prefix", "2001:db8:64::/96", "--exclude", "2001:db8::/32");
        Assert.Empty(result.Errors);
        // Should the settings be accepted by mistake, the server would run: stop it rather than hang.
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(5));

        int exitCode = await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, timeout.Token);

        Assert.Equal(2, exitCode);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public void Invoke_ParseErrors_ExitsNonZeroAndReportsThem()
    {
        using StringWriter output = new();
        ParseResult result = Parse("dns64", "--listen", "2001:db8::1:53", "--upstream", "192.0.2.53:53");

        int exitCode = result.Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("2001:db8::1:53", output.ToString(), StringComparison.Ordinal);
    }

    private static ParseResult Parse(params string[] args) => GateCommandLine.Create().Parse(args);
}
