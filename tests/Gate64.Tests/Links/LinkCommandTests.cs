using System.CommandLine;
using Gate64.Cli.Commands;
using Gate64.Links;

namespace Gate64.Tests.Links;

public class LinkCommandTests
{
    [Fact]
    public async Task Up_DryRunLinux_PrintsThePlannersPlan()
    {
        (int exitCode, string output, string error) = await InvokeAsync(
            "link", "up", "gw0", "--netns", "ws1", "--ipv6", "2001:db8:10::10", "--ipv4", "192.0.2.10", "--dry-run", "--platform", "linux");

        Assert.Equal(0, exitCode);
        Assert.Empty(error);
        Assert.Equal(LinuxLinkPlanner.Up(LinkSpecs.Linux()) + "\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Up_DryRunFreeBsd_PrintsThePlannersPlan()
    {
        (int exitCode, string output, _) = await InvokeAsync(
            "link", "up", "gw0", "--jail", "web", "--ipv6", "2001:db8:10::10/128", "--ipv4", "192.0.2.10/32", "--dry-run", "--platform", "FreeBSD");

        Assert.Equal(0, exitCode);
        Assert.Equal(FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd()) + "\n", output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("linux", "ip link del dev gw0\n")]
    [InlineData("freebsd", "ifconfig gw0 destroy\n")]
    public async Task Down_DryRun_PrintsTheOneCommand(string platform, string expected)
    {
        (int exitCode, string output, _) = await InvokeAsync("link", "down", "gw0", "--dry-run", "--platform", platform);

        Assert.Equal(0, exitCode);
        Assert.Equal(expected, output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("give exactly one of --netns NS (Linux) and --jail JAIL (FreeBSD)", "link", "up", "gw0", "--ipv6", "2001:db8::1", "--dry-run")]
    [InlineData("give exactly one of --netns NS (Linux) and --jail JAIL (FreeBSD)", "link", "up", "gw0", "--netns", "a", "--jail", "b", "--ipv6", "2001:db8::1", "--dry-run")]
    [InlineData("--jail is for FreeBSD", "link", "up", "gw0", "--jail", "web", "--ipv6", "2001:db8::1", "--platform", "linux", "--dry-run")]
    [InlineData("--netns is for Linux", "link", "up", "gw0", "--netns", "ws1", "--ipv6", "2001:db8::1", "--platform", "freebsd", "--dry-run")]
    [InlineData("--platform: 'windows' is not a platform", "link", "up", "gw0", "--netns", "ws1", "--ipv6", "2001:db8::1", "--platform", "windows")]
    [InlineData("--ipv6", "link", "up", "gw0", "--netns", "ws1")]
    [InlineData("--ipv6 'fe80::1' is a link-local address", "link", "up", "gw0", "--netns", "ws1", "--ipv6", "fe80::1", "--dry-run")]
    [InlineData("--ipv4 '127.0.0.1' is a loopback address", "link", "up", "gw0", "--netns", "ws1", "--ipv6", "2001:db8::1", "--ipv4", "127.0.0.1", "--dry-run")]
    [InlineData("the link name must not be 'lo'", "link", "up", "lo", "--netns", "ws1", "--ipv6", "2001:db8::1", "--dry-run")]
    [InlineData("must have 1 to 15 characters", "link", "down", "a-name-far-too-long", "--dry-run")]
    [InlineData("a freebsd plan cannot run on linux; add --dry-run", "link", "down", "gw0", "--platform", "freebsd")]
    [InlineData("network namespace name", "link", "routes", "--netns", "-x")]
    public async Task UsageErrors_ExitWith2AndSayWhy(string expected, params string[] args)
    {
        (int exitCode, string output, string error) = await InvokeAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheSubcommandsAndFlags()
    {
        (int exitCode, string output, _) = await InvokeAsync("link", "up", "--help");

        Assert.Equal(0, exitCode);
        foreach (string flag in (string[])["NAME", "--netns", "--jail", "--ipv6", "--ipv4", "--dry-run", "--platform"])
        {
            Assert.Contains(flag, output, StringComparison.Ordinal);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int exitCode = await GateCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
