using Gate64.Cli.Commands;
using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

public class DemoSupportTests
{
    [Fact]
    public void CommandLine_Format_QuotesWhatAShellWouldSplitOrExpand()
    {
        Assert.Equal(
            "curl -sS -w '\\nHTTP status %{http_code}\\n' --resolve noaaaa.demo.test:80:198.51.100.80 'it'\\''s' ''",
            DemoCommandLine.Format(["curl", "-sS", "-w", "\\nHTTP status %{http_code}\\n", "--resolve", "noaaaa.demo.test:80:198.51.100.80", "it's", ""]));
        Assert.Equal("[wl2] $ dig @2001:db8:53::53 ipv4only.demo.test AAAA", DemoCommandLine.InNamespace(DemoRole.Workload2, ["dig", "@2001:db8:53::53", "ipv4only.demo.test", "AAAA"]));
        Assert.Equal("$ birdc show route", DemoCommandLine.Here(["birdc", "show", "route"]));
    }

    [Fact]
    public void SelfExecutable_UnderTheDotnetHost_RunsTheAssembly()
    {
        SelfExecutable self = SelfExecutable.From("/usr/share/dotnet/dotnet", "/repo/artifacts/bin/Gate64.Cli/release/");

        Assert.Equal("/usr/share/dotnet/dotnet", self.FileName);
        Assert.Equal(["/repo/artifacts/bin/Gate64.Cli/release/gate64.dll", "demo"], self.Arguments(["demo"]));
    }

    [Fact]
    public void SelfExecutable_AnApphostOrSingleFile_RunsItself()
    {
        SelfExecutable self = SelfExecutable.From("/usr/local/bin/gate64", "/usr/local/bin/");

        Assert.Equal("/usr/local/bin/gate64", self.FileName);
        Assert.Equal(["link", "down", "x"], self.Arguments(["link", "down", "x"]));
    }

    [Theory]
    [InlineData("PATH=/usr/bin\0GATE64_DEMO=3fa9c1\0HOME=/root\0", "3fa9c1")]
    [InlineData("GATE64_DEMO=3fa9c1", "3fa9c1")]
    [InlineData("PATH=/usr/bin\0HOME=/root\0", null)]
    [InlineData("GATE64_DEMO=nothex\0", null)]
    [InlineData("XGATE64_DEMO=3fa9c1\0", null)]
    [InlineData("", null)]
    public void ProcessScan_MarkerTag_OnlyAValidMarker(string environment, string? tag) =>
        Assert.Equal(tag, DemoProcessScan.MarkerTag(environment));

    [Fact]
    public void ProcessScan_Find_AnUnusedTag_FindsNothing() =>
        Assert.Empty(DemoProcessScan.Find("000000"));

    [Fact]
    public void CapturedLines_OverCapacity_KeepsTheLastAndCountsAll()
    {
        CapturedLines lines = new(3);
        foreach (string line in new[] { "a", "b", "c", "d", "e" })
        {
            lines.Add(line);
        }

        Assert.Equal(["c", "d", "e"], lines.Snapshot());
        Assert.Equal(5, lines.TotalCount);
        Assert.Equal("c\nd\ne\n", lines.ToString());
        Assert.True(lines.Any(l => l == "d"));
        Assert.False(lines.Any(l => l == "a"));
    }

    [Fact]
    public void Tools_EachMissingLine_NamesTheProgramAndItsDebianPackage()
    {
        Assert.Contains(DemoTool.All, t => t.Name == "birdc" && t.Package == "bird2");
        Assert.Contains(DemoTool.All, t => t.Name == "dig" && t.Package == "bind9-dnsutils");
        DemoTool missing = new("no-such-program-g64", "some-package", "testing");

        Assert.Null(missing.Find());
        Assert.Equal("gate64 demo: 'no-such-program-g64' is missing (testing); install the Debian package some-package (apt-get install some-package).", missing.MissingLine());
    }

    [Fact]
    public void Zone_UnboundConfiguration_ServesTheZoneLocallyAndRefusesTheRest()
    {
        string configuration = DemoZone.UnboundConfiguration("/tmp/g64demo-3fa9c1");

        Assert.Contains("  interface: 127.0.0.1@53\n", configuration, StringComparison.Ordinal);
        Assert.Contains("  local-zone: \".\" refuse\n", configuration, StringComparison.Ordinal);
        Assert.Contains("  local-zone: \"demo.test.\" static\n", configuration, StringComparison.Ordinal);
        Assert.Contains($"  local-data: \"site1.demo.test. 30 IN AAAA {DemoAddresses.Workload1}\"\n", configuration, StringComparison.Ordinal);
        Assert.Contains($"  local-data: \"noaaaa.demo.test. 30 IN A {DemoAddresses.IngressAddress}\"\n", configuration, StringComparison.Ordinal);
        Assert.DoesNotContain("noaaaa.demo.test. 30 IN AAAA", configuration, StringComparison.Ordinal);
        Assert.Contains($"  local-data: \"ipv4only.demo.test. 30 IN A {DemoAddresses.WebAddress}\"\n", configuration, StringComparison.Ordinal);
        Assert.Contains("  do-daemonize: no\n", configuration, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoCommand_KeepAndClean_IsAUsageError()
    {
        StringWriter output = new();
        StringWriter error = new();

        int code = await GateCommandLine.InvokeAsync(["demo", "--keep", "--clean"], new() { Output = output, Error = error });

        Assert.Equal(GateCommandLine.UsageErrorExitCode, code);
        Assert.Contains("--keep and --clean", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}
