using System.Text.RegularExpressions;
using Gate64.Testing;
using Gate64.Testing.Bgp;
using Gate64.Testing.Demo;

namespace Gate64.FunctionalTests.Demo;

/// <summary>
/// <c>gate64 demo</c> for real: the whole platform in namespaces, its five steps, and that nothing of
/// it is left afterwards: after a full run, and after SIGINT or SIGTERM midway.
/// </summary>
public sealed partial class DemoTests
{
    private const int SigInt = 2;

    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A keyword of each step's title, in order.</summary>
    private static readonly string[] s_steps = ["by BGP", "DNS64 + NAT64", "(ingress)", "without AAAA is refused", "moves to another host"];

    [Fact]
    public async Task Demo_RunsToItsSummary_EveryStepPassed_AndLeavesNothingBehind()
    {
        ChildProcessResult result = await Gate64Executable.Locate().RunAsync(["demo"], s_runTimeout);

        string tag = DemoLeftovers.TagFrom(result.StandardOutput);
        IReadOnlyList<string> leftovers = await DemoLeftovers.FindAsync(tag);
        Assert.True(result.ExitCode == 0, result.ToString());
        List<Match> rows = SummaryRow().Matches(result.StandardOutput).ToList();
        Assert.Equal(s_steps.Length, rows.Count);
        for (int i = 0; i < s_steps.Length; i++)
        {
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i].Groups["number"].Value);
            Assert.Contains(s_steps[i], rows[i].Groups["title"].Value, StringComparison.Ordinal);
            Assert.True(rows[i].Groups["result"].Value == "✓ passed", rows[i].Value);
        }
        Assert.Contains($"All {s_steps.Length} steps passed", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"✓ stopped \d+ processes, removed 8 namespaces", result.StandardOutput);
        Assert.True(leftovers.Count == 0, $"left behind:\n{string.Join('\n', leftovers)}\n{result}");
    }

    [Fact]
    public async Task Demo_SigIntBetweenSteps_RemovesEverythingAndExits130()
    {
        // --pause holds the demo before each step, so the signal lands between steps 1 and 2 for
        // certain: without it, the five steps can all finish before the signal is sent.
        await using ChildProcess demo = Gate64Executable.Locate().StartWithDefaultSigInt(["demo", "--pause"]);
        await demo.WaitForOutputAsync("Press Enter for step 1 of 5", s_runTimeout);
        demo.WriteStandardInputLine("");
        await demo.WaitForOutputAsync("Press Enter for step 2 of 5", s_runTimeout);
        ProcessSignals.Send(demo.Id, SigInt);
        int exitCode = await demo.WaitForExitAsync(s_stopTimeout);
        string output = demo.Output;

        IReadOnlyList<string> leftovers = await DemoLeftovers.FindAsync(DemoLeftovers.TagFrom(demo.StandardOutput));
        Assert.True(exitCode == 130, $"exit code {exitCode}\n{output}");
        Assert.Contains("Interrupted", output, StringComparison.Ordinal);
        Assert.Matches(@"  1\. .+✓ passed", output);
        Assert.DoesNotContain("Step 2 of 5", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Summary", output, StringComparison.Ordinal);
        Assert.Matches(@"✓ stopped \d+ processes, removed 8 namespaces", output);
        Assert.True(leftovers.Count == 0, $"left behind:\n{string.Join('\n', leftovers)}\n{output}");
    }

    [Fact]
    public async Task Demo_SigTermWhileStartingTheServices_RemovesEverythingAndExits143()
    {
        (int exitCode, string output, string tag) = await InterruptAsync("✓ router:", ProcessSignals.SigTerm);

        IReadOnlyList<string> leftovers = await DemoLeftovers.FindAsync(tag);
        Assert.True(exitCode == 143, $"exit code {exitCode}\n{output}");
        Assert.Contains("Interrupted", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 1 of 5", output, StringComparison.Ordinal);
        Assert.Matches(@"✓ stopped \d+ processes, removed 8 namespaces", output);
        Assert.True(leftovers.Count == 0, $"left behind:\n{string.Join('\n', leftovers)}\n{output}");
    }

    /// <summary>Starts the demo, sends <paramref name="signal"/> to it once it printed <paramref name="text"/>, and waits for it to end.</summary>
    private static async Task<(int ExitCode, string Output, string Tag)> InterruptAsync(string text, int signal)
    {
        await using ChildProcess demo = Gate64Executable.Locate().Start(["demo"]);
        await demo.WaitForOutputAsync(text, s_runTimeout);
        ProcessSignals.Send(demo.Id, signal);
        int exitCode = await demo.WaitForExitAsync(s_stopTimeout);
        return (exitCode, demo.Output, DemoLeftovers.TagFrom(demo.StandardOutput));
    }

    // "  3. An IPv4 client reaches a workload's HTTPS site by name (ingress)   ✓ passed  0.2 s"
    [GeneratedRegex(@"^  (?<number>\d)\. (?<title>.+?)\s{2,}(?<result>✓ passed|✗ FAILED|- not run)\s+\d+\.\d s$", RegexOptions.Multiline)]
    private static partial Regex SummaryRow();
}
