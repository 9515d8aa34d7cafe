namespace Gate64.Configuration;

/// <summary>One setting as the services see it, for comparing a reloaded file with the running one.</summary>
/// <param name="Key">The key path (<c>ingress.permit</c>); a section's own name stands for "this service runs".</param>
/// <param name="Value">The effective value, defaults included, in one canonical text.</param>
/// <param name="Reloadable">Whether a running service takes a new value (false: it needs a restart).</param>
public sealed record ConfigSetting(string Key, string Value, bool Reloadable);
