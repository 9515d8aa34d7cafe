namespace Gate64.Configuration;

/// <summary>What became of a reload.</summary>
public enum ReloadStatus
{
    /// <summary>The new settings are in force.</summary>
    Applied,

    /// <summary>The file says what is already in force; nothing was touched.</summary>
    Unchanged,

    /// <summary>The file has errors; the running configuration stays.</summary>
    Invalid,

    /// <summary>The file changes settings a running service cannot take; the running configuration stays.</summary>
    NeedsRestart,
}
