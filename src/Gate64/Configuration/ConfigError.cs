namespace Gate64.Configuration;

/// <summary>
/// One problem in a configuration file, located like a compiler error so editors can jump to it:
/// <c>gate64.toml:12: ingress.permit[1]: 'fe80::/10' can never hold a backend</c>.
/// </summary>
/// <param name="File">The file as the operator named it.</param>
/// <param name="Line">1-based line; 0 when the problem belongs to no line (an empty file).</param>
/// <param name="Column">1-based column, for syntax errors only.</param>
/// <param name="Key">The key path (<c>bgp.neighbor[0].as</c>), or empty for syntax errors.</param>
/// <param name="Message">What is wrong, in words an operator can act on.</param>
public sealed record ConfigError(string File, int Line, int? Column, string Key, string Message)
{
    public override string ToString()
    {
        string location = (Line, Column) switch
        {
            (0, _) => File,
            (_, { } column) => $"{File}:{Line}:{column}",
            _ => $"{File}:{Line}",
        };
        return Key.Length == 0 ? $"{location}: {Message}" : $"{location}: {Key}: {Message}";
    }
}
