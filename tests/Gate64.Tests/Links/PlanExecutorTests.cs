using Gate64.Links;

namespace Gate64.Tests.Links;

public class PlanExecutorTests
{
    private static LinkPlan FiveSteps() => new(LinkPlatform.Linux,
    [
        new(ArgumentVector.Of("step", "1"), Undo: ArgumentVector.Of("undo", "1")),
        new(ArgumentVector.Of("step", "2"), Undo: ArgumentVector.Of("undo", "2")),
        new(ArgumentVector.Of("step", "3"), Undo: ArgumentVector.Of("undo", "3")),
        new(ArgumentVector.Of("step", "4"), Undo: ArgumentVector.Of("undo", "4")),
        new(ArgumentVector.Of("step", "5"), Undo: ArgumentVector.Of("undo", "5")),
    ]);

    [Fact]
    public async Task RunAsync_EveryStepSucceeds_RunsThemInOrderAndUndoesNothing()
    {
        FakeCommandRunner runner = new();

        PlanResult result = await new PlanExecutor(runner).RunAsync(FiveSteps(), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(["step 1", "step 2", "step 3", "step 4", "step 5"], runner.Commands);
    }

    [Fact]
    public async Task RunAsync_FourthStepFails_UndoesThreeTwoOneInThatOrderAndStops()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On("step 4", 2, error: "RTNETLINK answers: File exists\n");

        PlanResult result = await new PlanExecutor(runner).RunAsync(FiveSteps(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(["step 1", "step 2", "step 3", "step 4", "undo 3", "undo 2", "undo 1"], runner.Commands);
        Assert.Equal("step 4", result.FailedCommand);
        Assert.Equal("RTNETLINK answers: File exists", result.Error);
        Assert.Empty(result.RollbackErrors);
        Assert.Equal("`step 4` failed: RTNETLINK answers: File exists (everything done before it was undone)", result.Describe());
    }

    [Fact]
    public async Task RunAsync_FirstStepFails_HasNothingToUndo()
    {
        FakeCommandRunner runner = new FakeCommandRunner().On("step 1", 1);

        PlanResult result = await new PlanExecutor(runner).RunAsync(FiveSteps(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(["step 1"], runner.Commands);
        Assert.Equal("exit code 1", result.Error);
    }

    [Fact]
    public async Task RunAsync_StepsWithoutUndo_AreSkippedWhenRollingBack()
    {
        LinkPlan plan = new(LinkPlatform.Linux,
        [
            new(ArgumentVector.Of("make", "link"), Undo: ArgumentVector.Of("delete", "link")),
            new(ArgumentVector.Of("add", "address")),
            new(ArgumentVector.Of("add", "route"), Undo: ArgumentVector.Of("delete", "route")),
            new(ArgumentVector.Of("set", "sysctl")),
        ]);
        FakeCommandRunner runner = new FakeCommandRunner().On("set sysctl", 255, error: "permission denied");

        PlanResult result = await new PlanExecutor(runner).RunAsync(plan, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(["make link", "add address", "add route", "set sysctl", "delete route", "delete link"], runner.Commands);
    }

    [Fact]
    public async Task RunAsync_AnUndoFails_TheOthersStillRunAndTheFailureIsReported()
    {
        FakeCommandRunner runner = new FakeCommandRunner()
            .On("step 4", 1, error: "boom")
            .On("undo 2", 1, error: "still busy");

        PlanResult result = await new PlanExecutor(runner).RunAsync(FiveSteps(), CancellationToken.None);

        Assert.Equal(["step 1", "step 2", "step 3", "step 4", "undo 3", "undo 2", "undo 1"], runner.Commands);
        Assert.Equal(["`undo 2`: still busy"], result.RollbackErrors);
        Assert.Contains("undoing the steps before it also failed: `undo 2`: still busy", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_RollsBackAndThrows()
    {
        using CancellationTokenSource cancellation = new();
        FakeCommandRunner runner = new FakeCommandRunner().On("step 3", () =>
        {
            cancellation.Cancel();
            return new CommandResult(0, "", "");
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PlanExecutor(runner).RunAsync(FiveSteps(), cancellation.Token));

        Assert.Equal(["step 1", "step 2", "step 3", "undo 3", "undo 2", "undo 1"], runner.Commands);
    }

    [Fact]
    public async Task RunAsync_CapturedOutput_FillsThePlaceholdersOfLaterStepsAndUndos()
    {
        FakeCommandRunner runner = new FakeCommandRunner()
            .On("ifconfig epair create", 0, output: "epair7a\n")
            .On("route -6 add", 1, error: "route: writing to routing socket: File exists");

        PlanResult result = await new PlanExecutor(runner).RunAsync(FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd(ipv4: null)), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                "ifconfig epair create",
                "ifconfig epair7a name gw0",
                "ifconfig gw0 description 'gate64 link jail=web ipv6=2001:db8:10::10'",
                "ifconfig gw0 inet6 -ifdisabled no_dad up",
                "ifconfig gw0 inet6 fe80::ecee:eeff:feee:eeee%gw0 prefixlen 64 alias",
                "ifconfig epair7b vnet web",
                "jexec web ifconfig lo0 up",
                "jexec web ifconfig epair7b inet6 -ifdisabled no_dad up",
                "jexec web ifconfig epair7b inet6 fe80::2%epair7b prefixlen 64 alias",
                "jexec web ifconfig epair7b inet6 2001:db8:10::10 prefixlen 128 alias",
                "jexec web route -6 add default fe80::ecee:eeff:feee:eeee%epair7b",
                "route -6 add -host 2001:db8:10::10 fe80::2%gw0 -proto2",
                "ifconfig gw0 name epair7a",
                "ifconfig epair7a destroy",
            ],
            runner.Commands);
    }

    [Theory]
    [InlineData("")]
    [InlineData("epair7a epair8a")]
    [InlineData("-rf")]
    [InlineData("$(reboot)")]
    public async Task RunAsync_CapturedOutputThatIsNotAName_FailsWithoutUsingIt(string output)
    {
        FakeCommandRunner runner = new FakeCommandRunner().On("ifconfig epair create", 0, output: output);

        PlanResult result = await new PlanExecutor(runner).RunAsync(FreeBsdLinkPlanner.Up(LinkSpecs.FreeBsd(ipv4: null)), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(["ifconfig epair create"], runner.Commands);
        Assert.Contains("unexpected output", result.Error, StringComparison.Ordinal);
    }
}
