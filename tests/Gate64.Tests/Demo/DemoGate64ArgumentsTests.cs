using System.CommandLine;
using Gate64.Cli.Commands;
using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

/// <summary>The demo runs the documented single-service commands: each of its command lines parses without error.</summary>
public class DemoGate64ArgumentsTests
{
    public static TheoryData<string, string[]> CommandLines()
    {
        DemoNames names = DemoNames.Create("3fa9c1");
        return new TheoryData<string, string[]>
        {
            { "dns64", [.. DemoGate64Arguments.Dns64()] },
            { "nat64", [.. DemoGate64Arguments.Nat64()] },
            { "ingress", [.. DemoGate64Arguments.Ingress()] },
            { "gateway bgp", [.. DemoGate64Arguments.GatewayBgp()] },
            { "host A bgp", [.. DemoGate64Arguments.HostBgp(DemoRole.HostA)] },
            { "host B bgp", [.. DemoGate64Arguments.HostBgp(DemoRole.HostB)] },
            { "link up wl1", [.. DemoGate64Arguments.LinkUp(names, DemoRole.Workload1)] },
            { "link up wl2", [.. DemoGate64Arguments.LinkUp(names, DemoRole.Workload2)] },
            { "link down wl1", [.. DemoGate64Arguments.LinkDown(DemoRole.Workload1)] },
            { "check", [.. DemoGate64Arguments.Check(DemoAddresses.NoAaaaName)] },
        };
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void CommandLine_ParsesWithoutErrors(string what, string[] arguments)
    {
        ParseResult result = GateCommandLine.Create().Parse(arguments);

        Assert.True(result.Errors.Count == 0, $"{what}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    [Fact]
    public void GatewayBgp_AnnouncesEveryServicePrefix_AndNoOwnedRoutes()
    {
        IReadOnlyList<string> arguments = DemoGate64Arguments.GatewayBgp();
        string[] announced = [.. arguments.Select((a, i) => (a, i)).Where(p => p.a == "--announce").Select(p => arguments[p.i + 1])];

        Assert.Equal(
            [DemoAddresses.Nat64Prefix, $"{DemoAddresses.Dns64Address}/128", DemoAddresses.Nat64Pool, $"{DemoAddresses.IngressAddress}/32"],
            announced);
        Assert.Contains("--no-owned-routes", arguments);
    }

    [Fact]
    public void LinkUp_GivesTheWorkloadsNamespaceAndAddress()
    {
        DemoNames names = DemoNames.Create("3fa9c1");

        Assert.Equal(
            ["link", "up", "g64demo-wl1", "--netns", "g64demo-3fa9c1-wl1", "--ipv6", DemoAddresses.Workload1],
            DemoGate64Arguments.LinkUp(names, DemoRole.Workload1));
    }

    [Fact]
    public void HostBgp_ForANonHost_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoGate64Arguments.HostBgp(DemoRole.Gateway));
}
