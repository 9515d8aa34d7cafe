using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

public class OutputTrimmerTests
{
    [Fact]
    public void Trim_ShortOutput_KeepsEveryLineWithTabsExpandedAndBlankEndsDropped()
    {
        IReadOnlyList<string> lines = OutputTrimmer.Trim("\n\nTable master6:\r\n2001:db8:10::1/128 unicast\n\tvia 2001:db8:ffff:2::2 on g64demo-hosta  \n\n", 10, 80);

        Assert.Equal(["Table master6:", "2001:db8:10::1/128 unicast", "    via 2001:db8:ffff:2::2 on g64demo-hosta"], lines);
    }

    [Fact]
    public void Trim_MoreLinesThanAllowed_ShowsTheFirstAndCountsTheRest()
    {
        string text = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}"));

        IReadOnlyList<string> lines = OutputTrimmer.Trim(text, 4, 80);

        Assert.Equal(["line 1", "line 2", "line 3", "… (7 more lines)"], lines);
    }

    [Fact]
    public void Trim_ExactlyTheAllowedLines_KeepsThemAll() =>
        Assert.Equal(4, OutputTrimmer.Trim("a\nb\nc\nd", 4, 80).Count);

    [Fact]
    public void Trim_LongWordWithoutSpaces_IsCutWithAnEllipsisAtTheWidth()
    {
        IReadOnlyList<string> lines = OutputTrimmer.Trim(new string('x', 30), 4, 10);

        Assert.Equal(["xxxxxxxxx…"], lines);
        Assert.Equal(10, lines[0].Length);
    }

    [Fact]
    public void Trim_LongSentence_IsWrappedAtSpacesWithEveryWordKept()
    {
        const string Sentence = "noaaaa.demo.test has no AAAA record. IPv4 visitors reach a site through this gateway only when its IPv6 address is published in an AAAA record.";

        IReadOnlyList<string> lines = OutputTrimmer.Trim(Sentence, 10, 40);

        Assert.True(lines.Count > 1);
        Assert.All(lines, line => Assert.InRange(line.Length, 1, 40));
        Assert.All(lines.Skip(1), line => Assert.StartsWith("  ", line, StringComparison.Ordinal));
        Assert.Equal(Sentence, string.Join(' ', lines.Select(line => line.Trim())));
        Assert.DoesNotContain(lines, line => line.Contains('…', StringComparison.Ordinal));
    }

    [Fact]
    public void Trim_WrappedIndentedLine_ContinuesDeeperThanItsOwnIndent()
    {
        IReadOnlyList<string> lines = OutputTrimmer.Trim("  • Add an AAAA record for noaaaa.demo.test pointing at your server", 8, 30);

        Assert.Equal(["  • Add an AAAA record for", "    noaaaa.demo.test pointing", "    at your server"], lines);
    }

    [Fact]
    public void Trim_WrappedLines_CountAgainstTheLineLimit()
    {
        IReadOnlyList<string> lines = OutputTrimmer.Trim("one two three four five six seven eight nine ten\nlast", 3, 12);

        Assert.Equal(["one two", "  three four", "… (5 more lines)"], lines);
    }

    [Fact]
    public void Trim_LongWordAfterAWrap_CutsTheRestOfTheLine() =>
        Assert.Equal(["see", "  https://e…"], OutputTrimmer.Trim("see https://example.org/a/very/long/path", 4, 12));

    [Fact]
    public void Trim_Empty_IsNoLine() =>
        Assert.Empty(OutputTrimmer.Trim("\n \n", 4, 80));

    [Fact]
    public void Trim_BlankLinesInside_AreKept() =>
        Assert.Equal(["502 Bad Gateway", "", "no AAAA"], OutputTrimmer.Trim("502 Bad Gateway\n\nno AAAA\n", 8, 80));
}
