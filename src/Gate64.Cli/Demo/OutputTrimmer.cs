namespace Gate64.Cli.Demo;

/// <summary>Cuts a command's output down to what fits the narration: a few lines, none too wide.</summary>
internal static class OutputTrimmer
{
    /// <summary>
    /// The lines of <paramref name="text"/> with tabs expanded, blank lines at either end dropped,
    /// lines longer than <paramref name="maxWidth"/> cut with "…", and, when there are more than
    /// <paramref name="maxLines"/>, the first ones followed by "… (N more lines)".
    /// </summary>
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
        List<string> kept = [.. lines.Select(line => line.Length > maxWidth ? line[..(maxWidth - 1)] + "…" : line)];
        if (kept.Count <= maxLines)
        {
            return kept;
        }
        int shown = maxLines - 1;
        int hidden = kept.Count - shown;
        return [.. kept.Take(shown), $"… ({hidden} more lines)"];
    }
}
