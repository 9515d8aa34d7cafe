namespace Gate64.Configuration;

/// <summary>Collects every error of one file, each placed on the line of the key it blames.</summary>
internal sealed class ConfigErrorCollector
{
    private readonly string _file;
    private readonly TomlLineIndex _lines;
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<string> _blamed = new(StringComparer.Ordinal);

    public ConfigErrorCollector(string file, TomlLineIndex lines)
    {
        _file = file;
        _lines = lines;
    }

    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <param name="keyPath">The key path blamed (<c>ingress.permit[1]</c>); a section's name blames its header.</param>
    /// <param name="message">What is wrong.</param>
    public void Add(string keyPath, string message)
    {
        _blamed.Add(keyPath);
        _errors.Add(new ConfigError(_file, _lines.LineOf(keyPath), null, keyPath, message));
    }

    /// <summary>True when <paramref name="keyPath"/> or anything inside it already has an error.</summary>
    public bool HasErrorAt(string keyPath) =>
        _blamed.Any(blamed => blamed == keyPath
            || (blamed.StartsWith(keyPath, StringComparison.Ordinal) && blamed.Length > keyPath.Length && blamed[keyPath.Length] is '.' or '['));
}
