namespace Gate64.Links;

/// <summary>How a command ended: its exit code and what it printed.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The error output on one line (for one-line error messages), or the exit code when it printed nothing.</summary>
    public string Describe()
    {
        string text = string.Join("; ", StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length > 0 ? text : $"exit code {ExitCode}";
    }
}
