using System.Globalization;
using System.Text.RegularExpressions;

namespace Gate64.Testing;

/// <summary>
/// Reads the default presentation output of dig and kdig: the header line (<c>status:</c>), the
/// flags line, and the records under the ANSWER, AUTHORITY and ADDITIONAL section titles.
/// </summary>
public static partial class DigOutputParser
{
    private enum Section
    {
        None,
        Answer,
        Authority,
        Additional,
    }

    public static DigResult Parse(string commandLine, int exitCode, string output)
    {
        string? status = null;
        HashSet<string> flags = new(StringComparer.Ordinal);
        List<DigRecord> answer = [];
        List<DigRecord> authority = [];
        List<DigRecord> additional = [];
        Section section = Section.None;

        foreach (string rawLine in output.Split('\n', StringSplitOptions.None))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.StartsWith(';'))
            {
                if (StatusPattern().Match(line) is { Success: true } statusMatch)
                {
                    // A later response (e.g. the TCP retry of a truncated answer) replaces an earlier one.
                    status = statusMatch.Groups[1].Value.ToUpperInvariant();
                    flags.Clear();
                    answer.Clear();
                    authority.Clear();
                    additional.Clear();
                    section = Section.None;
                }
                else if (FlagsPattern().Match(line) is { Success: true } flagsMatch)
                {
                    foreach (string flag in flagsMatch.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        flags.Add(flag.ToLowerInvariant());
                    }
                }
                else
                {
                    section = SectionOf(line) ?? section;
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(line) || section == Section.None)
            {
                continue;
            }

            if (RecordPattern().Match(line) is not { Success: true } record)
            {
                continue;
            }

            DigRecord parsed = new(
                record.Groups["name"].Value,
                uint.Parse(record.Groups["ttl"].Value, CultureInfo.InvariantCulture),
                record.Groups["class"].Value.ToUpperInvariant(),
                record.Groups["type"].Value.ToUpperInvariant(),
                WhitespacePattern().Replace(record.Groups["data"].Value.Trim(), " "));
            (section switch
            {
                Section.Answer => answer,
                Section.Authority => authority,
                _ => additional,
            }).Add(parsed);
        }

        return new DigResult(commandLine, exitCode, output, status, flags, answer, authority, additional);
    }

    private static Section? SectionOf(string commentLine)
    {
        if (!commentLine.StartsWith(";;", StringComparison.Ordinal) || !commentLine.Contains("SECTION:", StringComparison.Ordinal))
        {
            return null;
        }

        if (commentLine.Contains("ANSWER SECTION", StringComparison.Ordinal))
        {
            return Section.Answer;
        }

        if (commentLine.Contains("AUTHORITY SECTION", StringComparison.Ordinal))
        {
            return Section.Authority;
        }

        if (commentLine.Contains("ADDITIONAL SECTION", StringComparison.Ordinal))
        {
            return Section.Additional;
        }

        // QUESTION, OPT/EDNS pseudo-sections and anything else: records there are not collected.
        return Section.None;
    }

    // dig: ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1"; kdig: "...; status: NOERROR; id: 1".
    [GeneratedRegex(@"->>HEADER<<-.*\bstatus:\s*([A-Za-z0-9]+)")]
    private static partial Regex StatusPattern();

    // dig: ";; flags: qr aa rd ra; QUERY: 1, …"; kdig: ";; Flags: qr aa rd ra; QUERY: 1; …".
    [GeneratedRegex(@"^;;\s*flags:\s*([^;]*);", RegexOptions.IgnoreCase)]
    private static partial Regex FlagsPattern();

    [GeneratedRegex(@"^(?<name>\S+)\s+(?<ttl>\d+)\s+(?<class>[A-Za-z0-9]+)\s+(?<type>[A-Za-z0-9]+)(?:\s+(?<data>.*))?$")]
    private static partial Regex RecordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}
