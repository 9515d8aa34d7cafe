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
    public void Trim_LongLine_IsCutWithAnEllipsisAtTheWidth()
    {
        IReadOnlyList<string> lines = OutputTrimmer.Trim(new string('x', 30), 4, 10);

        Assert.Equal(["xxxxxxxxx…"], lines);
        Assert.Equal(10, lines[0].Length);
    }

    [Fact]
    public void Trim_Empty_IsNoLine() =>
        Assert.Empty(OutputTrimmer.Trim("\n \n", 4, 80));

    [Fact]
    public void Trim_BlankLinesInside_AreKept() =>
        Assert.Equal(["502 Bad Gateway", "", "no AAAA"], OutputTrimmer.Trim("502 Bad Gateway\n\nno AAAA\n", 8, 80));
}
