using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

public class DemoSummaryTableTests
{
    private static readonly string[] s_titles = ["Routes by BGP", "DNS64 + NAT64", "Ingress by name"];

    [Fact]
    public void Render_AllPassed_RowsAlignedWithMarksAndTimes_AndTheTotal()
    {
        string table = DemoSummaryTable.Render(s_titles,
        [
            new DemoStepResult(1, s_titles[0], true, TimeSpan.FromMilliseconds(1234)),
            new DemoStepResult(2, s_titles[1], true, TimeSpan.FromMilliseconds(200)),
            new DemoStepResult(3, s_titles[2], true, TimeSpan.FromSeconds(12.04)),
        ]);

        Assert.Equal(
            "  Step                Result      Time\n" +
            "  ──────────────────  ────────  ──────\n" +
            "  1. Routes by BGP    ✓ passed   1.2 s\n" +
            "  2. DNS64 + NAT64    ✓ passed   0.2 s\n" +
            "  3. Ingress by name  ✓ passed  12.0 s\n" +
            "\n" +
            "All 3 steps passed in 13.5 s.\n",
            table);
    }

    [Fact]
    public void Render_AFailureAndAStepNotRun_MarksThemAndCountsThePassed()
    {
        string table = DemoSummaryTable.Render(s_titles,
        [
            new DemoStepResult(1, s_titles[0], true, TimeSpan.FromSeconds(1)),
            new DemoStepResult(2, s_titles[1], false, TimeSpan.FromSeconds(2), "curl failed"),
        ]);

        string[] lines = table.Split('\n');
        Assert.Contains("1. Routes by BGP", lines[2], StringComparison.Ordinal);
        Assert.Contains(DemoSummaryTable.PassedMark, lines[2], StringComparison.Ordinal);
        Assert.Contains(DemoSummaryTable.FailedMark, lines[3], StringComparison.Ordinal);
        Assert.Contains(DemoSummaryTable.NotRunMark, lines[4], StringComparison.Ordinal);
        Assert.EndsWith("1 of 3 steps passed.\n", table, StringComparison.Ordinal);
        Assert.DoesNotContain("All", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0.0 s")]
    [InlineData(49, "0.0 s")]
    [InlineData(1550, "1.6 s")]
    [InlineData(61_000, "61.0 s")]
    public void FormatTime_OneDecimalInSeconds(int milliseconds, string expected) =>
        Assert.Equal(expected, DemoSummaryTable.FormatTime(TimeSpan.FromMilliseconds(milliseconds)));
}
