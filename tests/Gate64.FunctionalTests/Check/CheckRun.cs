namespace Gate64.FunctionalTests.Check;

/// <summary>What one <c>gate64 check</c> run printed and returned.</summary>
public sealed record CheckRun(int ExitCode, string StandardOutput, string StandardError, string CommandLine)
{
    public IReadOnlyList<string> Lines => StandardOutput.Split('\n');

    /// <summary>The one line of the report that starts with <paramref name="prefix"/> (e.g. "✓ AAAA record:"), or fails the test.</summary>
    public string Line(string prefix)
    {
        string[] matching = [.. Lines.Where(line => line.StartsWith(prefix, StringComparison.Ordinal))];
        Assert.True(matching.Length == 1, $"expected one line starting with \"{prefix}\":\n{this}");
        return matching[0];
    }

    public override string ToString() =>
        $"{CommandLine} exited with {ExitCode}\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";
}
