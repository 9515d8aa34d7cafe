using Gate64.Links;

namespace Gate64.Tests.Links;

/// <summary>docs/links.md shows the plans as <c>--dry-run</c> prints them; these keep the page true.</summary>
public class LinksDocumentationTests
{
    private static readonly string s_page = File.ReadAllText(RepositoryFiles.Path("docs/links.md")).ReplaceLineEndings("\n");

    [Fact]
    public void LinuxPlan_OnThePage_IsThePlannersPlan()
    {
        LinkPlan plan = LinuxLinkPlanner.Up(LinkSpecs.Create("web0", LinkTarget.NetworkNamespace("web"), "2001:db8:10::10", "192.0.2.10"));

        Assert.Contains($"```sh\n{plan}\n```", s_page, StringComparison.Ordinal);
    }

    [Fact]
    public void FreeBsdPlan_OnThePage_IsThePlannersPlan()
    {
        LinkPlan plan = FreeBsdLinkPlanner.Up(LinkSpecs.Create("web0", LinkTarget.Jail("web"), "2001:db8:10::10", "192.0.2.10"));

        Assert.Contains($"```sh\n{plan}\n```", s_page, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_NamesTheProtocolNumber()
    {
        Assert.Contains($"route protocol **{OwnedRoutes.ProtocolNumber}**", s_page, StringComparison.Ordinal);
    }
}
