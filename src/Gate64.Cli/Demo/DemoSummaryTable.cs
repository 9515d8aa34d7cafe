using System.Globalization;
using System.Text;

namespace Gate64.Cli.Demo;

/// <summary>The table the demo ends with: one row a step (number, title, ✓/✗, time) and a verdict line.</summary>
internal static class DemoSummaryTable
{
    public const string PassedMark = "✓ passed";
    public const string FailedMark = "✗ FAILED";
    public const string NotRunMark = "- not run";

    /// <summary>
    /// Renders <paramref name="results"/>; steps of <paramref name="titles"/> without a result (the demo
    /// stopped before them) are listed as not run.
    /// </summary>
    public static string Render(IReadOnlyList<string> titles, IReadOnlyList<DemoStepResult> results)
    {
        ArgumentNullException.ThrowIfNull(titles);
        ArgumentNullException.ThrowIfNull(results);
        const string StepHeader = "Step";
        const string ResultHeader = "Result";
        const string TimeHeader = "Time";
        List<(string Step, string Result, string Time)> rows = [];
        for (int i = 0; i < titles.Count; i++)
        {
            DemoStepResult? result = results.FirstOrDefault(r => r.Number == i + 1);
            string step = $"{i + 1}. {titles[i]}";
            rows.Add(result is null
                ? (step, NotRunMark, "")
                : (step, result.Passed ? PassedMark : FailedMark, FormatTime(result.Elapsed)));
        }

        int stepWidth = Math.Max(StepHeader.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Step.Length));
        int resultWidth = Math.Max(ResultHeader.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Result.Length));
        int timeWidth = Math.Max(TimeHeader.Length, rows.Count == 0 ? 0 : rows.Max(r => r.Time.Length));
        StringBuilder text = new();
        Row(text, StepHeader, ResultHeader, TimeHeader);
        Row(text, new string('─', stepWidth), new string('─', resultWidth), new string('─', timeWidth));
        foreach ((string step, string result, string time) in rows)
        {
            Row(text, step, result, time);
        }

        int passed = results.Count(r => r.Passed);
        TimeSpan total = results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed);
        text.Append('\n');
        if (passed == titles.Count && results.Count == titles.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"All {titles.Count} steps passed in {FormatTime(total)}.\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{passed} of {titles.Count} steps passed.\n");
        }
        return text.ToString();

        void Row(StringBuilder builder, string step, string result, string time) =>
            builder.Append("  ").Append(step.PadRight(stepWidth)).Append("  ").Append(result.PadRight(resultWidth))
                .Append("  ").Append(time.PadLeft(timeWidth)).Append('\n');
    }

    /// <summary>Seconds with one decimal, e.g. "1.3 s".</summary>
    public static string FormatTime(TimeSpan elapsed) =>
        elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
