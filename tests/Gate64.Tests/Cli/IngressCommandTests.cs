using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Gate64.Cli.Commands;
using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Cli;

public class IngressCommandTests
{
    private static readonly string[] s_valid = ["ingress", "--listen", "0.0.0.0:443", "--resolver", "192.0.2.53:53", "--permit", "2001:db8::/32"];

    [Fact]
    public void Parse_MinimalValidCommand_HasNoErrorsAndTheDefaults()
    {
        ParseResult result = Parse(s_valid);

        Assert.Empty(result.Errors);
        IngressListenerOptions listener = Assert.Single(result.GetValue<IngressListenerOptions[]>("--listen")!);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 443), listener.Endpoint);
        Assert.Equal(443, listener.BackendPort);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), result.GetValue<IPEndPoint>("--resolver"));
        PermitArgument permit = Assert.Single(result.GetValue<PermitArgument[]>("--permit")!);
        Assert.Equal(IpPrefix.Parse("2001:db8::/32"), permit.Prefix);
        Assert.Null(permit.Mode);
        Assert.Null(result.GetValue<string?>("--proxy-protocol"));
        Assert.Equal(5, result.GetValue<double>("--first-bytes-timeout"));
        Assert.Equal(5, result.GetValue<double>("--connect-timeout"));
        Assert.Equal(600, result.GetValue<double>("--idle-timeout"));
        Assert.Equal(10_000, result.GetValue<int>("--max-connections"));
    }

    [Fact]
    public void Parse_ListenWithABackendPort_KeepsBoth()
    {
        ParseResult result = Parse("ingress", "--listen", "192.0.2.1:8443=443", "--listen", "[2001:db8::1]:80", "--resolver", "192.0.2.53:53", "--permit", "2001:db8::/32");

        Assert.Empty(result.Errors);
        IngressListenerOptions[] listeners = result.GetValue<IngressListenerOptions[]>("--listen")!;
        Assert.Equal(
            [new IngressListenerOptions(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 8443), 443), new IngressListenerOptions(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 80), 80)],
            listeners);
        Assert.Equal("192.0.2.1:8443=443", listeners[0].ToString());
    }

    [Theory]
    [InlineData("192.0.2.1:8443=0")]
    [InlineData("192.0.2.1:8443=70000")]
    [InlineData("192.0.2.1:8443=65536")]
    [InlineData("192.0.2.1:8443=x")]
    [InlineData("192.0.2.1:8443=")]
    [InlineData("192.0.2.1:8443=-1")]
    [InlineData("192.0.2.1:8443=+443")]
    [InlineData("192.0.2.1:8443= 443")]
    public void Parse_BadBackendPort_IsAnErrorNamingTheToken(string token)
    {
        ParseResult result = Parse("ingress", "--listen", token, "--resolver", "192.0.2.53:53", "--permit", "2001:db8::/32");

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--listen", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{token}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 65535", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.0.2.1=443")]
    [InlineData("site.test:443=443")]
    [InlineData("192.0.2.1:70000=443")]
    public void Parse_BadListenAddress_IsAnErrorNamingTheOption(string token)
    {
        ParseResult result = Parse("ingress", "--listen", token, "--resolver", "192.0.2.53:53", "--permit", "2001:db8::/32");

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--listen", error.Message, StringComparison.Ordinal);
        Assert.Contains(token.Split('=')[0], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8::/32=nat46", ClientAddressMode.Nat46)]
    [InlineData("2001:db8::/32=none", ClientAddressMode.None)]
    [InlineData("2001:db8::/32=proxy-v1", ClientAddressMode.ProxyV1)]
    [InlineData("2001:db8::/32=v1", ClientAddressMode.ProxyV1)]
    [InlineData("2001:db8::/32=proxy-v2", ClientAddressMode.ProxyV2)]
    [InlineData("2001:db8::/32=v2", ClientAddressMode.ProxyV2)]
    public void Parse_PermitWithAMode_KeepsTheMode(string token, ClientAddressMode mode)
    {
        ParseResult result = Parse("ingress", "--listen", "0.0.0.0:443", "--resolver", "192.0.2.53:53", "--permit", token);

        Assert.Empty(result.Errors);
        Assert.Equal(new PermitArgument(IpPrefix.Parse("2001:db8::/32"), mode), Assert.Single(result.GetValue<PermitArgument[]>("--permit")!));
    }

    [Fact]
    public void Parse_SeveralPermits_KeepsEachInOrder()
    {
        ParseResult result = Parse("ingress", "--listen", "0.0.0.0:443", "--resolver", "192.0.2.53:53",
            "--permit", "2001:db8:1::/48=proxy-v2", "--permit", "2001:db8:2::/48");

        Assert.Empty(result.Errors);
        Assert.Equal(
            [new PermitArgument(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.ProxyV2), new PermitArgument(IpPrefix.Parse("2001:db8:2::/48"), null)],
            result.GetValue<PermitArgument[]>("--permit")!);
    }

    [Theory]
    [InlineData("2001:db8::/32=bogus")]
    [InlineData("2001:db8::/32=")]
    [InlineData("2001:db8::/32=NAT46")]
    public void Parse_PermitWithAnUnknownMode_IsAnErrorListingTheModes(string token)
    {
        ParseResult result = Parse("ingress", "--listen", "0.0.0.0:443", "--resolver", "192.0.2.53:53", "--permit", token);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--permit", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{token}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("none, proxy-v1, proxy-v2 or nat46", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2001:db8::/129")]
    [InlineData("backend.test=nat46")]
    public void Parse_PermitThatIsNotAPrefix_IsAnErrorNamingIt(string token)
    {
        ParseResult result = Parse("ingress", "--listen", "0.0.0.0:443", "--resolver", "192.0.2.53:53", "--permit", token);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains("--permit", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{token.Split('=')[0]}' is not an IP prefix", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--permit")]
    [InlineData("--listen")]
    [InlineData("--resolver")]
    public void Parse_MissingRequiredOption_IsAnErrorNamingIt(string option)
    {
        List<string> args = [.. s_valid];
        int index = args.IndexOf(option);
        args.RemoveRange(index, 2);

        ParseResult result = Parse([.. args]);

        Assert.Contains(result.Errors, error => error.Message.Contains(option, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public void Parse_ProxyProtocolVersion_IsAccepted(string version)
    {
        ParseResult result = Parse([.. s_valid, "--proxy-protocol", version]);

        Assert.Empty(result.Errors);
        Assert.Equal(version, result.GetValue<string?>("--proxy-protocol"));
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("2")]
    [InlineData("V1")]
    public void Parse_ProxyProtocolOtherThanV1OrV2_IsRejected(string version)
    {
        ParseResult result = Parse([.. s_valid, "--proxy-protocol", version]);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains(version, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--first-bytes-timeout", "0")]
    [InlineData("--connect-timeout", "-1")]
    [InlineData("--idle-timeout", "86401")]
    [InlineData("--idle-timeout", "Infinity")]
    [InlineData("--idle-timeout", "NaN")]   // not <= 0 and not > 86400, yet TimeSpan.FromSeconds(NaN) throws
    [InlineData("--max-connections", "0")]
    [InlineData("--max-connections", "many")]
    public void Parse_NumberOutOfRange_IsAnErrorNamingTheOption(string option, string value)
    {
        ParseResult result = Parse([.. s_valid, option, value]);

        Assert.Contains(result.Errors, error => error.Message.Contains(option, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--first-bytes-timeout", "soon")]
    [InlineData("--idle-timeout", "10s")]
    public async Task Invoke_NonNumericTimeout_IsAUsageErrorNotACrash(string option, string value)
    {
        using StringWriter output = new();

        int exitCode = await GateCommandLine.InvokeAsync([.. s_valid, option, value], new InvocationConfiguration { Output = output, Error = output });

        Assert.Equal(GateCommandLine.UsageErrorExitCode, exitCode);
        Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        Assert.Contains(value, output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--permit", "192.0.2.0/24")]
    [InlineData("--permit", "64:ff9b::/64")]
    [InlineData("--permit", "2001:db8:2::/48=nat46")]
    [InlineData("--nat46-prefix", "64:ff9b:1::/48")]
    [InlineData("--permit", "64:ff9b:1::/48")]
    public async Task Invoke_SettingsThatDoNotValidate_ExitWithTwoWithoutStarting(string option, string value)
    {
        using StringWriter output = new();
        ParseResult result = Parse([.. s_valid, option, value]);
        Assert.Empty(result.Errors);
        // Should the settings be accepted by mistake, the proxy would run: stop it rather than hang.
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(5));

        int exitCode = await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, timeout.Token);

        Assert.Equal(2, exitCode);
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public void Help_MentionsEveryOptionAndTheModes()
    {
        using StringWriter output = new();
        ParseResult result = Parse("ingress", "--help");

        int exitCode = result.Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.Equal(0, exitCode);
        string help = output.ToString();
        foreach (string option in (string[])["--listen", "--resolver", "--permit", "--proxy-protocol", "--nat46-prefix", "--first-bytes-timeout", "--connect-timeout", "--idle-timeout", "--max-connections"])
        {
            Assert.Contains(option, help, StringComparison.Ordinal);
        }
        Assert.Contains("ADDR:PORT[=BACKEND_PORT]", help, StringComparison.Ordinal);
        Assert.Contains("PREFIX[=MODE]", help, StringComparison.Ordinal);
        Assert.Contains("=nat46", help, StringComparison.Ordinal);
    }

    private static ParseResult Parse(params string[] args) => GateCommandLine.Create().Parse(args);
}
