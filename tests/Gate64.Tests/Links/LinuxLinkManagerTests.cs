using Gate64.Links;

namespace Gate64.Tests.Links;

public class LinuxLinkManagerTests
{
    private const string ShowHost = "ip -j -d address show dev gw0";

    /// <summary>A runner that shows the link as the plan made it.</summary>
    private static FakeCommandRunner Existing(string hostEnd = CapturedIpJson.HostEnd) => new FakeCommandRunner()
        .On(ShowHost, 0, hostEnd)
        .On("ip -j -4 route show table main proto 64 dev gw0", 0, CapturedIpJson.HostRoutes4)
        .On("ip -j -6 route show table main proto 64 dev gw0", 0, CapturedIpJson.HostRoutes6)
        .On("ip -n ws1 -j -d address show dev eth0", 0, CapturedIpJson.WorkloadEnd)
        .On("ip -n ws1 -j -4 route show default", 0, CapturedIpJson.WorkloadDefault4)
        .On("ip -n ws1 -j -6 route show default", 0, CapturedIpJson.WorkloadDefault6);

    private static bool Changes(string command) => !command.Contains(" show", StringComparison.Ordinal);

    [Fact]
    public async Task UpAsync_NoSuchInterface_RunsThePlan()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On(ShowHost, 1, error: CapturedIpJson.NoSuchDevice);

        LinkOutcome outcome = await new LinuxLinkManager(runner).UpAsync(LinkSpecs.Linux(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("link gw0 (netns=ws1, 2001:db8:10::10/128, 192.0.2.10/32) up", outcome.Message);
        Assert.Equal([ShowHost, .. LinuxLinkPlanner.Up(LinkSpecs.Linux()).RenderLines()], runner.Commands);
    }

    [Fact]
    public async Task UpAsync_ExactlyLikeThis_IsAlreadyUpAndChangesNothing()
    {
        FakeCommandRunner runner = Existing();

        LinkOutcome outcome = await new LinuxLinkManager(runner).UpAsync(LinkSpecs.Linux(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("link gw0 already up", outcome.Message);
        Assert.DoesNotContain(runner.Commands, Changes);
    }

    [Fact]
    public async Task UpAsync_ExistsDifferently_FailsNamingTheDifferenceAndSuggestingDown()
    {
        FakeCommandRunner runner = Existing();
        LinkSpec other = LinkSpecs.Create("gw0", LinkTarget.NetworkNamespace("ws1"), "2001:db8:10::10", "192.0.2.11");

        LinkOutcome outcome = await new LinuxLinkManager(runner).UpAsync(other, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("exists but differs", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.11/32", outcome.Message, StringComparison.Ordinal);
        Assert.EndsWith("Run 'gate64 link down gw0' first.", outcome.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(runner.Commands, Changes);
    }

    [Fact]
    public async Task UpAsync_SomebodyElsesInterface_IsRefusedUntouched()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On(ShowHost, 0, CapturedIpJson.Uplink);

        LinkOutcome outcome = await new LinuxLinkManager(runner).UpAsync(LinkSpecs.Linux(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("not a link made by gate64", outcome.Message, StringComparison.Ordinal);
        Assert.Equal([ShowHost], runner.Commands);
    }

    [Fact]
    public async Task UpAsync_PlanFailsMidway_ReportsTheCommandAndRollsBack()
    {
        FakeCommandRunner runner = new FakeCommandRunner()
            .On(ShowHost, 1, error: CapturedIpJson.NoSuchDevice)
            .On("ip -4 route add 192.0.2.10/32", 2, error: "RTNETLINK answers: File exists\n");

        LinkOutcome outcome = await new LinuxLinkManager(runner).UpAsync(LinkSpecs.Linux(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(
            "link gw0: `ip -4 route add 192.0.2.10/32 dev gw0 proto 64` failed: RTNETLINK answers: File exists (everything done before it was undone)",
            outcome.Message);
        Assert.Equal(["ip -6 route del 2001:db8:10::10/128 dev gw0 proto 64", "ip link del dev gw0"], runner.Commands.TakeLast(2));
    }

    [Fact]
    public async Task UpAsync_CannotLook_FailsWithTheReason()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On(ShowHost, 255, error: "Cannot open netlink socket: Permission denied\n");

        LinkOutcome outcome = await new LinuxLinkManager(runner).UpAsync(LinkSpecs.Linux(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal("link gw0: cannot look at interface gw0: Cannot open netlink socket: Permission denied", outcome.Message);
    }

    [Fact]
    public async Task UpAsync_Jail_IsRefusedOnLinux()
    {
        LinkOutcome outcome = await new LinuxLinkManager(new FakeCommandRunner()).UpAsync(LinkSpecs.FreeBsd(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("--netns", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownAsync_NotPresent_Succeeds()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On(ShowHost, 1, error: CapturedIpJson.NoSuchDevice);

        LinkOutcome outcome = await new LinuxLinkManager(runner).DownAsync("gw0", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("link gw0 not present", outcome.Message);
        Assert.Equal([ShowHost], runner.Commands);
    }

    [Fact]
    public async Task DownAsync_OurLink_DeletesTheHostEnd()
    {
        FakeCommandRunner runner = Existing();

        LinkOutcome outcome = await new LinuxLinkManager(runner).DownAsync("gw0", CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal("link gw0 down", outcome.Message);
        Assert.Equal([ShowHost, "ip link del dev gw0"], runner.Commands);
    }

    [Fact]
    public async Task DownAsync_SomebodyElsesInterface_IsNeverDeleted()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On(ShowHost, 0, CapturedIpJson.Uplink);

        LinkOutcome outcome = await new LinuxLinkManager(runner).DownAsync("gw0", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal([ShowHost], runner.Commands);
    }

    [Fact]
    public async Task DownAsync_AVethWithoutOurAlias_IsNeverDeleted()
    {
        string foreign = CapturedIpJson.HostEnd.Replace("gate64 link netns=", "container ", StringComparison.Ordinal);
        FakeCommandRunner runner = new FakeCommandRunner().On(ShowHost, 0, foreign);

        LinkOutcome outcome = await new LinuxLinkManager(runner).DownAsync("gw0", CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.DoesNotContain("ip link del dev gw0", runner.Commands);
    }
}
