namespace Gate64.Configuration;

/// <summary>The outcome of reading a configuration file: a snapshot, or every error found in it.</summary>
public sealed class Gate64ConfigResult
{
    internal Gate64ConfigResult(Gate64Config? config, IReadOnlyList<ConfigError> errors)
    {
        Config = errors.Count == 0 ? config : null;
        Errors = errors;
    }

    /// <summary>The validated snapshot; null when there are errors.</summary>
    public Gate64Config? Config { get; }

    /// <summary>Every problem, in file order.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
