using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gate64.Links;

/// <summary>
/// Placeholders in plan arguments for values only known while the plan runs (FreeBSD names a new epair itself).
/// The syntax is the POSIX shell's, limited to <c>${NAME}</c> and <c>${NAME%suffix}</c> (remove a literal suffix), so
/// a printed plan pasted into <c>sh</c> does what the executor does.
/// </summary>
internal static class PlanVariables
{
    /// <summary>Captured values must look like an interface name: nothing a later command could misread.</summary>
    public static bool IsSafeValue(string value) =>
        value.Length is > 0 and <= 64 && value[0] != '-' && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    public static bool IsValidName(string name) =>
        name.Length > 0 && (char.IsAsciiLetterUpper(name[0]) || name[0] == '_') &&
        name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary><c>${NAME}</c>.</summary>
    public static string Reference(string name) => "${" + name + "}";

    /// <summary><c>${NAME%suffix}</c>: the value without <paramref name="suffix"/> at its end.</summary>
    public static string WithoutSuffix(string name, string suffix) => "${" + name + "%" + suffix + "}";

    public static bool HasPlaceholder(string argument) => argument.Contains("${", StringComparison.Ordinal);

    /// <summary>Replaces every placeholder; false (with the reason) when a variable is unknown or a placeholder is malformed.</summary>
    public static bool TryExpand(string argument, IReadOnlyDictionary<string, string> values, [NotNullWhen(true)] out string? expanded, [NotNullWhen(false)] out string? error)
    {
        StringBuilder builder = new();
        int position = 0;
        while (true)
        {
            int start = argument.IndexOf("${", position, StringComparison.Ordinal);
            if (start < 0)
            {
                builder.Append(argument, position, argument.Length - position);
                break;
            }
            int end = argument.IndexOf('}', start);
            if (end < 0)
            {
                expanded = null;
                error = $"unterminated placeholder in '{argument}'";
                return false;
            }
            builder.Append(argument, position, start - position);
            string body = argument[(start + 2)..end];
            int percent = body.IndexOf('%', StringComparison.Ordinal);
            string name = percent < 0 ? body : body[..percent];
            if (!IsValidName(name) || !values.TryGetValue(name, out string? value))
            {
                expanded = null;
                error = $"unknown variable '{name}' in '{argument}'";
                return false;
            }
            if (percent >= 0)
            {
                string suffix = body[(percent + 1)..];
                if (suffix.Length > 0 && value.EndsWith(suffix, StringComparison.Ordinal))
                {
                    value = value[..^suffix.Length];
                }
            }
            builder.Append(value);
            position = end + 1;
        }
        expanded = builder.ToString();
        error = null;
        return true;
    }
}
