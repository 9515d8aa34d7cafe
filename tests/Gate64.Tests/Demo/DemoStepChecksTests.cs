using Gate64.Cli.Demo;

namespace Gate64.Tests.Demo;

public class DemoStepChecksTests
{
    [Theory]
    [InlineData("198.51.100.142 - - [24/Nov/2026 13:31:13] \"GET / HTTP/1.1\" 200 -", true)]
    [InlineData("198.51.100.128 - - [24/Nov/2026 13:31:13] \"GET / HTTP/1.1\" 200 -", true)]
    [InlineData("198.51.100.144 - - [24/Nov/2026 13:31:13] \"GET / HTTP/1.1\" 200 -", false)]
    [InlineData("2001:db8:10::2 - - [24/Nov/2026 13:31:13] \"GET / HTTP/1.1\" 200 -", false)]
    [InlineData("Serving HTTP on 203.0.113.10 port 80", false)]
    public void Nat64Step_FromPool_OnlyForAPoolAddress(string line, bool expected) =>
        Assert.Equal(expected, Nat64Step.FromPool(line));

    [Fact]
    public void SiteFetch_Succeeded_NeedsExitZeroAndWorkload1sPage()
    {
        DemoCommandResult page = new("curl", 0, DemoFiles.SitePageStart + ", served over HTTPS…\n", "", "", TimeSpan.Zero);

        Assert.True(SiteFetch.Succeeded(page));
        Assert.False(SiteFetch.Succeeded(page with { ExitCode = 28 }));
        Assert.False(SiteFetch.Succeeded(page with { StandardOutput = "502 Bad Gateway\n" }));
    }

    [Fact]
    public void Steps_FiveInTheNarratedOrder_WithDistinctTitles()
    {
        Assert.Equal(
            [typeof(BgpRoutesStep), typeof(Nat64Step), typeof(IngressStep), typeof(RefusalStep), typeof(MoveStep)],
            DemoRunner.Steps.Select(s => s.GetType()));
        Assert.Equal(5, DemoRunner.Steps.Select(s => s.Title).Distinct(StringComparer.Ordinal).Count());
    }
}
