namespace Gate64.Cli.Demo;

/// <summary>Cuts a command's output down to what fits the narration: a few lines, none too wide.</summary>
internal static class OutputTrimmer
{
    /// <summary>How much deeper than their line's own indent the continuation lines of a wrapped line start.</summary>
    private const string ContinuationIndent = "  ";

    /// <summary>
    /// The lines of <paramref name="text"/> with tabs expanded, blank lines at either end dropped,
    /// lines longer than <paramref name="maxWidth"/> wrapped at spaces (where a word does not fit
    /// even alone, the line is cut there with "…"), and, when there are more than
    /// <paramref name="maxLines"/> lines after wrapping, the first ones followed by "… (N more lines)".
    /// </summary>
    /// <remarks>
    /// Long lines are wrapped rather than cut because the long ones are the sentences a newcomer
    /// should read whole: the ingress's refusal page and the fix <c>gate64 check</c> proposes.
    /// </remarks>
    public static IReadOnlyList<string> Trim(string text, int maxLines, int maxWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 10);
        List<string> lines = [.. text.Replace("\r", "", StringComparison.Ordinal)
            .Split('\n')
            .Select(line => line.Replace("\t", "    ", StringComparison.Ordinal).TrimEnd())];
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }
        List<string> kept = [.. lines.SelectMany(line => Wrap(line, maxWidth))];
        if (kept.Count <= maxLines)
        {
            return kept;
        }
        int shown = maxLines - 1;
        int hidden = kept.Count - shown;
        return [.. kept.Take(shown), $"… ({hidden} more lines)"];
    }

    /// <summary>
    /// <paramref name="line"/> in pieces of at most <paramref name="maxWidth"/> characters, broken at
    /// spaces; the pieces after the first keep the line's indent plus <see cref="ContinuationIndent"/>.
    /// </summary>
    private static IEnumerable<string> Wrap(string line, int maxWidth)
    {
        if (line.Length <= maxWidth)
        {
            yield return line;
            yield break;
        }
        int indentLength = line.Length - line.TrimStart(' ').Length;
        string continuation = new string(' ', indentLength) + ContinuationIndent;
        if (continuation.Length > maxWidth / 2)
        {
            // So deep that wrapping would leave no room for words: cut it instead.
            yield return Cut(line, maxWidth);
            yield break;
        }
        string rest = line;
        string prefix = "";
        while (prefix.Length + rest.Length > maxWidth)
        {
            int room = maxWidth - prefix.Length;
            int space = rest.LastIndexOf(' ', room);
            // A space inside the first piece's indent is no place to break: that would print nothing.
            if (space <= (prefix.Length == 0 ? indentLength : 0))
            {
                // No space to break at within the width (a long URL, a hex string): cut there, as before.
                yield return Cut(prefix + rest, maxWidth);
                yield break;
            }
            yield return prefix + rest[..space].TrimEnd();
            rest = rest[(space + 1)..].TrimStart(' ');
            prefix = continuation;
        }
        if (rest.Length > 0)
        {
            yield return prefix + rest;
        }
    }

    private static string Cut(string line, int maxWidth) => line.Length > maxWidth ? line[..(maxWidth - 1)] + "…" : line;
}
