using System.Text;

namespace Gate64.Links;

/// <summary>
/// Writes argument vectors as POSIX shell text for people to read (and paste): plain words stay bare, anything else
/// is single-quoted, and arguments with <see cref="PlanVariables"/> placeholders are double-quoted so the shell
/// expands exactly those.
/// </summary>
internal static class ShellQuoting
{
    public static string Join(ArgumentVector command)
    {
        StringBuilder builder = new(Quote(command.Program));
        foreach (string argument in command.Arguments)
        {
            builder.Append(' ').Append(Quote(argument));
        }
        return builder.ToString();
    }

    public static string Quote(string argument)
    {
        if (PlanVariables.HasPlaceholder(argument))
        {
            return QuoteWithPlaceholders(argument);
        }
        if (argument.Length > 0 && argument.All(IsPlain))
        {
            return argument;
        }
        return "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or ':' or '@' or '%' or '+' or '=' or ',' or '-';

    private static string QuoteWithPlaceholders(string argument)
    {
        StringBuilder builder = new("\"");
        int position = 0;
        while (position < argument.Length)
        {
            int start = argument.IndexOf("${", position, StringComparison.Ordinal);
            int end = start < 0 ? -1 : argument.IndexOf('}', start);
            int literalEnd = end < 0 ? argument.Length : start;
            foreach (char c in argument.AsSpan(position, literalEnd - position))
            {
                if (c is '"' or '\\' or '$' or '`')
                {
                    builder.Append('\\');
                }
                builder.Append(c);
            }
            if (end < 0)
            {
                break;
            }
            builder.Append(argument, start, end - start + 1);
            position = end + 1;
        }
        return builder.Append('"').ToString();
    }
}
