namespace Gate64.Testing;

/// <summary>Limits for functional tests: no test may hang.</summary>
public static class TestTimeouts
{
    /// <summary>The most one test may take, in milliseconds (for <c>[Fact(Timeout = …)]</c>).</summary>
    public const int TestMilliseconds = 30_000;

    /// <summary>The most a CLI run that should exit at once (bad arguments, --help) may take.</summary>
    public static TimeSpan CommandLine { get; } = TimeSpan.FromSeconds(20);
}
