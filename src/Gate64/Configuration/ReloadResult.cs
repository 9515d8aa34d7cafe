namespace Gate64.Configuration;

/// <summary>The outcome of a reload and the keys it concerns.</summary>
/// <param name="Status">Applied, unchanged, or refused and why.</param>
/// <param name="Keys">The changed keys (applied), the keys that need a restart, or none.</param>
/// <param name="Errors">The file's errors when it was invalid.</param>
public sealed record ReloadResult(ReloadStatus Status, IReadOnlyList<string> Keys, IReadOnlyList<ConfigError> Errors);
