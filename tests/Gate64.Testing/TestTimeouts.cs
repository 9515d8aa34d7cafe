namespace Gate64.Testing;

/// <summary>Limits for functional tests: no test may hang.</summary>
public static class TestTimeouts
{
    /// <summary>The most one test may take, in milliseconds (for <c>[Fact(Timeout = …)]</c>).</summary>
    public const int TestMilliseconds = 30_000;

    /// <summary>The most a CLI run that should exit at once (bad arguments, --help) may take.</summary>
    public static TimeSpan CommandLine { get; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The most an operation that should end at once may take before a test calls it hung. Generous
    /// on purpose: CI runs test classes in parallel on two loaded cores, where a thread-pool hop can
    /// take seconds. A test that must tell "ended at once" from "ended by a timer" sets that timer
    /// well above this bound.
    /// </summary>
    public static TimeSpan Prompt { get; } = TimeSpan.FromSeconds(10);
}
