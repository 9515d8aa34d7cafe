using System.Globalization;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class ChildProcessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Start_PassesArgumentsVerbatimWithoutAShell()
    {
        ChildProcessResult result = await ChildProcess.RunAsync(
            RequiredTool.Find("printf"), ["%s|", "a b", "'q'", "$HOME", "*"], s_timeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b|'q'|$HOME|*|\n", result.StandardOutput);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task WaitForOutputAsync_SeesALinePrintedLaterOnEitherStream()
    {
        await using ChildProcess child = ChildProcess.Start(
            RequiredTool.Find("sh"), ["-c", "sleep 0.3; echo later-on-stderr >&2; sleep 30"]);

        await child.WaitForOutputAsync("later-on-stderr", s_timeout);

        Assert.Contains("later-on-stderr", child.StandardError, StringComparison.Ordinal);
        Assert.False(child.HasExited);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task WaitForOutputAsync_FailsAsSoonAsTheProcessExitsWithoutTheText()
    {
        await using ChildProcess child = ChildProcess.Start(RequiredTool.Find("sh"), ["-c", "echo something-else; exit 3"]);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => child.WaitForOutputAsync("never-printed", s_timeout));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("something-else", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task WaitForExitAsync_ThrowsTimeoutWhileItRuns()
    {
        await using ChildProcess child = ChildProcess.Start(RequiredTool.Find("sleep"), ["30"]);

        await Assert.ThrowsAsync<TimeoutException>(() => child.WaitForExitAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Null(child.ExitCode);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task DisposeAsync_KillsTheWholeProcessTree()
    {
        ChildProcess child = ChildProcess.Start(RequiredTool.Find("sh"), ["-c", "sleep 300 & echo grandchild=$!; wait"]);
        int grandchild;
        try
        {
            await child.WaitForOutputAsync("grandchild=", s_timeout);
            string line = child.StandardOutput.Split('\n').First(l => l.StartsWith("grandchild=", StringComparison.Ordinal));
            grandchild = int.Parse(line["grandchild=".Length..], CultureInfo.InvariantCulture);
            Assert.True(IsAlive(grandchild), $"grandchild {grandchild} should run before dispose");
        }
        finally
        {
            await child.DisposeAsync();
        }

        DateTime deadline = DateTime.UtcNow + s_timeout;
        while (IsAlive(grandchild) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(IsAlive(grandchild), $"grandchild {grandchild} survived the dispose of its parent's ChildProcess");
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task Output_KeepsOnlyTheNewestCharacters()
    {
        ChildProcessOptions options = new() { OutputCapacity = 10_000 };
        await using ChildProcess child = ChildProcess.Start(RequiredTool.Find("seq"), ["1", "100000"], options);

        Assert.Equal(0, await child.WaitForExitAsync(s_timeout));

        string output = child.StandardOutput;
        Assert.StartsWith("[", output, StringComparison.Ordinal);
        Assert.Contains("earlier characters dropped", output, StringComparison.Ordinal);
        Assert.EndsWith("\n100000\n", output, StringComparison.Ordinal);
        Assert.InRange(output.Length, 10_000, 10_100);
    }

    [Fact]
    public void Start_MissingProgram_ThrowsNamingIt()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(
            () => ChildProcess.Start("/nonexistent/gate64-no-such-program", []));

        Assert.Contains("gate64-no-such-program", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Running and not a zombie (a killed orphan may linger as a zombie until reaped).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
