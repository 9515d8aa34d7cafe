namespace Gate64.Cli.Demo;

/// <summary>The flags of <c>gate64 demo</c>.</summary>
internal sealed record DemoOptions
{
    /// <summary>Leave the platform running after the summary, for exploration, until Ctrl-C.</summary>
    public bool Keep { get; init; }

    /// <summary>Wait for Enter before each step, for presenting the demo to an audience.</summary>
    public bool Pause { get; init; }

    /// <summary>Only remove what earlier demos left behind (after a SIGKILL, a power cut, …).</summary>
    public bool Clean { get; init; }
}
