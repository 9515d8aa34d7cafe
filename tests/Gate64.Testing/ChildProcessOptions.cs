namespace Gate64.Testing;

/// <summary>How <see cref="ChildProcess"/> starts a process.</summary>
public sealed record ChildProcessOptions
{
    public static ChildProcessOptions Default { get; } = new();

    public string? WorkingDirectory { get; init; }

    /// <summary>Text written to stdin, which is then closed (the program reads EOF after it); null leaves stdin open and empty.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Variables to set (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Characters kept of each of stdout, stderr and the combined output.</summary>
    public int OutputCapacity { get; init; } = 1 << 20;
}
