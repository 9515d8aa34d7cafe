using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Gate64.Bgp;
using Gate64.Cli.Commands;
using Gate64.Protocols.Bgp;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Cli;

public class BgpCommandTests
{
    [Fact]
    public void Parse_TheContractsExample_HasNoErrorsAndTheDefaults()
    {
        ParseResult result = Parse("bgp", "--local-as", "4200000001", "--router-id", "198.51.100.2", "--neighbor", "198.51.100.1,as=65000", "--announce", "2001:db8:64::/96", "--announce", "203.0.113.0/28");

        Assert.Empty(result.Errors);
        Assert.Equal(4_200_000_001u, result.GetValue<uint>("--local-as"));
        Assert.Equal(IPAddress.Parse("198.51.100.2"), result.GetValue<IPAddress>("--router-id"));
        BgpNeighborOptions neighbor = Assert.Single(result.GetValue<BgpNeighborOptions[]>("--neighbor")!);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), neighbor.Address);
        Assert.Equal(65000u, neighbor.PeerAs);
        Assert.Equal(179, neighbor.Port);
        Assert.Null(neighbor.NextHop4);
        Assert.Null(neighbor.NextHop6);
        Assert.Equal([IpPrefix.Parse("2001:db8:64::/96"), IpPrefix.Parse("203.0.113.0/28")], result.GetValue<IpPrefix[]>("--announce")!);
        Assert.Equal(90, result.GetValue<int>("--hold-time"));
        Assert.Equal(120, result.GetValue<int>("--graceful-restart"));
        Assert.False(result.GetValue<bool>("--no-owned-routes"));
    }

    [Fact]
    public void Parse_NeighborWithEverySetting_KeepsThemAll()
    {
        ParseResult result = Parse("bgp", "--local-as", "65001", "--router-id", "198.51.100.2",
            "--neighbor", "2001:db8:ffff::1,as=65000,port=1179,next-hop4=198.51.100.2", "--neighbor", "198.51.100.1,as=65000,next-hop6=2001:db8:ffff::2",
            "--community", "65001:100", "--large-community", "65001:1:2");

        Assert.Empty(result.Errors);
        BgpNeighborOptions[] neighbors = result.GetValue<BgpNeighborOptions[]>("--neighbor")!;
        Assert.Equal(1179, neighbors[0].Port);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), neighbors[0].NextHop4);
        Assert.Equal(IPAddress.Parse("2001:db8:ffff::2"), neighbors[1].NextHop6);
        Assert.Equal([(65001u << 16) | 100], result.GetValue<uint[]>("--community")!);
        Assert.Equal([new BgpLargeCommunity(65001, 1, 2)], result.GetValue<BgpLargeCommunity[]>("--large-community")!);
    }

    [Theory]
    [InlineData("--neighbor", "198.51.100.1", "peer's AS is missing")]
    [InlineData("--neighbor", "198.51.100.1,as=0", "as=0")]
    [InlineData("--neighbor", "198.51.100.1,as=4294967296", "as=4294967296")]
    [InlineData("--neighbor", "router,as=65000", "'router' is not an IP address")]
    [InlineData("--neighbor", "198.51.100.1,as=65000,port=0", "port=0")]
    [InlineData("--neighbor", "198.51.100.1,as=65000,colour=red", "'colour' is not one of")]
    [InlineData("--neighbor", "198.51.100.1,as=65000,next-hop6", "'next-hop6' is not KEY=VALUE")]
    [InlineData("--community", "65536:1", "65536:1")]
    [InlineData("--large-community", "1:2", "1:2")]
    public void Parse_BadValue_IsAnErrorNamingIt(string option, string value, string expected)
    {
        List<string> args = ["bgp", "--local-as", "65001", "--router-id", "198.51.100.2", "--neighbor", "198.51.100.1,as=65000"];
        if (option == "--neighbor")
        {
            args.RemoveRange(args.Count - 2, 2);
        }
        args.AddRange([option, value]);

        ParseResult result = Parse([.. args]);

        ParseError error = Assert.Single(result.Errors);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--local-as", "0")]
    [InlineData("--local-as", "-1")]
    [InlineData("--local-as", "AS65001")]
    [InlineData("--router-id", "2001:db8::1")]
    [InlineData("--router-id", "1.2.3")]
    [InlineData("--hold-time", "70000")]
    [InlineData("--graceful-restart", "4096")]
    public void Parse_BadScalar_IsAnError(string option, string value)
    {
        List<string> args = ["bgp", "--local-as", "65001", "--router-id", "198.51.100.2", "--neighbor", "198.51.100.1,as=65000", option, value];

        ParseResult result = Parse([.. args]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task Invoke_SettingsThatParseButAreInvalid_ExitWithTheUsageCode()
    {
        StringWriter error = new();

        int exitCode = await GateCommandLine.InvokeAsync(
            ["bgp", "--local-as", "23456", "--router-id", "198.51.100.2", "--neighbor", "198.51.100.1,as=65000", "--announce", "127.0.0.0/8"],
            new InvocationConfiguration { Error = error, Output = TextWriter.Null });

        Assert.Equal(GateCommandLine.UsageErrorExitCode, exitCode);
    }

    private static ParseResult Parse(params string[] args) => GateCommandLine.Create().Parse(args);
}
