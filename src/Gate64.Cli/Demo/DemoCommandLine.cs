namespace Gate64.Cli.Demo;

/// <summary>Writes an argument vector as a shell would need it typed, for the narration.</summary>
internal static class DemoCommandLine
{
    /// <summary>Joins <paramref name="words"/> with spaces, single-quoting the ones a shell would split or expand.</summary>
    public static string Format(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary><c>[ROLE] $ COMMAND</c>: the command as run inside that role's namespace.</summary>
    public static string InNamespace(DemoRole role, IEnumerable<string> words) => $"[{DemoNames.RoleName(role)}] $ {Format(words)}";

    /// <summary><c>$ COMMAND</c>: a command run in the demo's own namespace (the host's).</summary>
    public static string Here(IEnumerable<string> words) => $"$ {Format(words)}";

    private static string Quote(string word)
    {
        if (word.Length > 0 && word.All(IsPlain))
        {
            return word;
        }
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '@' or '=' or ',' or '+' or '%';
}
