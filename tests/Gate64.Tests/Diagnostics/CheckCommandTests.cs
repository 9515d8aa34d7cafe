using System.CommandLine;
using System.Net;
using System.Text.Json;
using Gate64.Cli.Commands;
using Gate64.Protocols.Dns;
using Gate64.Tests.Resolver;

namespace Gate64.Tests.Diagnostics;

/// <summary><c>gate64 check</c>: its flags, its usage errors (exit 2), and whole runs against a scripted resolver.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public void Parse_NameOnly_HasTheDefaults()
    {
        ParseResult result = Parse("check", "example.org");

        Assert.Empty(result.Errors);
        Assert.Equal("example.org", result.GetValue<string>("NAME"));
        Assert.Null(result.GetValue<IPEndPoint?>("--resolver"));
        Assert.Empty(result.GetValue<PermitArgument[]>("--permit") ?? []);
        Assert.Empty(result.GetValue<IPAddress[]>("--gateway") ?? []);
        Assert.Equal(5, result.GetValue<double>("--timeout"));
        Assert.Equal(80, result.GetValue<int>("--port-http"));
        Assert.Equal(443, result.GetValue<int>("--port-https"));
        Assert.False(result.GetValue<bool>("--json"));
    }

    [Fact]
    public void Parse_EveryOption_GivesTheValues()
    {
        ParseResult result = Parse(
            "check", "example.org", "--resolver", "[2001:db8::53]:5353",
            "--permit", "2001:db8:1::/48", "--permit", "2001:db8:2::/48=proxy-v2",
            "--gateway", "198.51.100.1", "--gateway", "198.51.100.2",
            "--timeout", "0.5", "--port-http", "8080", "--port-https", "8443", "--json");

        Assert.Empty(result.Errors);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::53"), 5353), result.GetValue<IPEndPoint?>("--resolver"));
        Assert.Equal(["2001:db8:1::/48", "2001:db8:2::/48"], result.GetValue<PermitArgument[]>("--permit")!.Select(permit => permit.Prefix.ToString()));
        Assert.Equal([IPAddress.Parse("198.51.100.1"), IPAddress.Parse("198.51.100.2")], result.GetValue<IPAddress[]>("--gateway"));
        Assert.Equal(0.5, result.GetValue<double>("--timeout"));
        Assert.Equal(8080, result.GetValue<int>("--port-http"));
        Assert.Equal(8443, result.GetValue<int>("--port-https"));
        Assert.True(result.GetValue<bool>("--json"));
    }

    [Theory]
    [InlineData(new[] { "check" }, "Required argument missing for command: 'check'")]
    [InlineData(new[] { "check", "example.org", "--resolver", "resolver.example:53" }, "'resolver.example:53'")]
    [InlineData(new[] { "check", "example.org", "--resolver", "127.0.0.1:0" }, "'127.0.0.1:0'")]
    [InlineData(new[] { "check", "example.org", "--permit", "2001:db8::/129" }, "'2001:db8::/129'")]
    [InlineData(new[] { "check", "example.org", "--permit", "2001:db8::/32=sideways" }, "'2001:db8::/32=sideways'")]
    [InlineData(new[] { "check", "example.org", "--gateway", "2001:db8::1" }, "'2001:db8::1'")]
    [InlineData(new[] { "check", "example.org", "--gateway", "010.0.0.1" }, "'010.0.0.1'")]
    [InlineData(new[] { "check", "example.org", "--timeout", "0" }, "--timeout: '0'")]
    [InlineData(new[] { "check", "example.org", "--timeout", "five" }, "--timeout: 'five'")]
    [InlineData(new[] { "check", "example.org", "--port-http", "0" }, "--port-http: '0'")]
    [InlineData(new[] { "check", "example.org", "--port-https", "65536" }, "--port-https: '65536'")]
    [InlineData(new[] { "check", "example.org", "--frobnicate" }, "'--frobnicate'")]
    [InlineData(new[] { "check", "example.org", "second.example" }, "'second.example'")]
    [InlineData(new[] { "check", "192.0.2.1" }, "'192.0.2.1' is not a host name (it is an address")]
    [InlineData(new[] { "check", "-bad-.example" }, "'-bad-.example' is not a host name")]
    public async Task Invoke_UsageError_ExitsWithTwoAndNamesTheProblem(string[] args, string expected)
    {
        (int exitCode, string output, string error) = await InvokeAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Help_MentionsEveryOptionAndTheExitCodes()
    {
        (int exitCode, string output, _) = await InvokeAsync("check", "--help");

        Assert.Equal(0, exitCode);
        foreach (string option in (string[])["NAME", "--resolver", "--permit", "--gateway", "--timeout", "--port-http", "--port-https", "--json", "ADDR:PORT", "SECONDS"])
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("3: it works with warnings", output, StringComparison.Ordinal);
        Assert.Contains("[default: 5]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NameWithoutAaaa_ExitsWithOneAndPrintsTheFix()
    {
        await using ScriptedDnsServer dns = new(query => query.Questions[0].Type == DnsRecordType.A
            ? DnsRecords.Reply(query, DnsRecords.A("example.org", "198.51.100.1"))
            : DnsRecords.Reply(query));

        (int exitCode, string output, string error) = await InvokeAsync(
            "check", "Example.ORG.", "--resolver", dns.EndPoint.ToString(), "--permit", "2001:db8:1::/48", "--gateway", "198.51.100.1");

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("Checking ingress for example.org\n", output, StringComparison.Ordinal);
        Assert.Contains("✓ A record: example.org → 198.51.100.1 (the gateway)\n", output, StringComparison.Ordinal);
        Assert.Contains("✗ AAAA record: example.org has no AAAA record", output, StringComparison.Ordinal);
        Assert.Contains("Verdict: ingress will NOT work for example.org.", output, StringComparison.Ordinal);
        Assert.Contains("  • Add an AAAA record for example.org pointing at your server's IPv6 address (inside 2001:db8:1::/48).\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_LoopbackBackend_IsNotPermittedWhateverThePrefixes()
    {
        await using ScriptedDnsServer dns = new(query => query.Questions[0].Type == DnsRecordType.AAAA
            ? DnsRecords.Reply(query, DnsRecords.Aaaa("example.org", "::1"))
            : DnsRecords.Reply(query, DnsRecords.A("example.org", "198.51.100.1")));

        (int exitCode, string output, _) = await InvokeAsync(
            "check", "example.org", "--resolver", dns.EndPoint.ToString(), "--permit", "::/0=proxy-v1", "--gateway", "198.51.100.1");

        Assert.Equal(1, exitCode);
        Assert.Contains("✗ Permitted prefix: not permitted: ::1 is loopback", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Json_WritesTheReportWithTheSameExitCode()
    {
        await using ScriptedDnsServer dns = new(query => DnsRecords.Reply(query, DnsResponseCode.NXDomain, [], []));

        (int exitCode, string output, _) = await InvokeAsync(
            "check", "missing.example", "--resolver", dns.EndPoint.ToString(), "--permit", "2001:db8:1::/48", "--gateway", "198.51.100.1", "--json");

        Assert.Equal(1, exitCode);
        using JsonDocument document = JsonDocument.Parse(output);
        Assert.Equal("missing.example", document.RootElement.GetProperty("name").GetString());
        Assert.Equal("broken", document.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(dns.EndPoint.ToString(), document.RootElement.GetProperty("resolver").GetString());
        Assert.Equal("fail", document.RootElement.GetProperty("steps")[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Invoke_ResolverDoesNotAnswer_ExitsWithOneWithinTheTimeout()
    {
        await using ScriptedDnsServer dns = new(_ => null);

        Task<(int, string, string)> run = InvokeAsync(
            "check", "example.org", "--resolver", dns.EndPoint.ToString(), "--permit", "2001:db8:1::/48", "--gateway", "198.51.100.1", "--timeout", "0.4");
        (int exitCode, string output, _) = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, exitCode);
        Assert.Contains("✗ AAAA record: could not look up the AAAA record", output, StringComparison.Ordinal);
    }

    private static ParseResult Parse(params string[] args) => new RootCommand { CheckCommand.Create() }.Parse(args);

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int exitCode = await GateCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
