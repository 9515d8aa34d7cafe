using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Testing.Routing;

namespace Gate64.FunctionalTests.Routing;

/// <summary>
/// The router snippets under deploy/ as shipped: every placeholder documented and filled, and the
/// rendered files accepted by BIRD's and FRR's own config checks (which reject a broken render).
/// </summary>
public sealed class DeploySnippetTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string> Snippets => new()
    {
        { BirdRouter.ConfigurationTemplate, "deploy/bird/README.md" },
        { BirdRouter.PolicyTemplate, "deploy/bird/README.md" },
        { FrrSnippet.Template, "deploy/frr/README.md" },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Placeholders_AreDocumentedInTheReadme_AndFilledByTheTestSettings(string snippet, string readme)
    {
        DeployTemplate template = DeployTemplate.Load(snippet);
        string documentation = File.ReadAllText(Path.Combine(DeployTemplate.RepositoryRoot(), readme));
        IReadOnlyDictionary<string, string> values = BgpTopology.RouterSettings().ToTemplateValues();

        Assert.NotEmpty(template.Placeholders);
        Assert.All(template.Placeholders, name => Assert.Contains($"@{name}@", documentation, StringComparison.Ordinal));
        string rendered = template.Render(values, allowUnused: true);
        Assert.DoesNotContain("@", rendered.Replace("@…@", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NamesMissingAndUnknownPlaceholders()
    {
        DeployTemplate template = DeployTemplate.Load(FrrSnippet.Template);
        Dictionary<string, string> values = new(BgpTopology.RouterSettings().ToTemplateValues(), StringComparer.Ordinal);
        values.Remove("ROUTER_AS");
        values["ROUTER_ASN"] = "65000";

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => template.Render(values));

        Assert.Contains("@ROUTER_AS@", error.Message, StringComparison.Ordinal);
        Assert.Contains("ROUTER_ASN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BgpTopology.HostAs)]
    [InlineData(BgpTopology.FourByteHostAs)]
    public async Task BirdSnippet_RenderedForTheTopology_ParsesWithBirdP(uint hostAs)
    {
        using TempDirectory directory = TempDirectory.Create("bird-parse");
        string configuration = BirdRouter.WriteConfiguration(directory, BgpTopology.RouterSettings(hostAs));

        ChildProcessResult result = await ChildProcess.RunAsync(RequiredTool.Find("bird"), ["-p", "-c", configuration], s_timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"neighbor range {BgpTopology.UplinkPrefix4} as GATE64_HOST_AS;", File.ReadAllText(directory.Combine("gate64.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BirdSnippet_BrokenValue_IsRejectedByBirdP()
    {
        using TempDirectory directory = TempDirectory.Create("bird-parse");
        // A dynamic name without its quotes: one wrong token in the rendered policy file.
        UpstreamRouterSettings settings = BgpTopology.RouterSettings();
        string configuration = BirdRouter.WriteConfiguration(directory, settings);
        string policy = directory.Combine("gate64.conf");
        File.WriteAllText(policy, File.ReadAllText(policy).Replace(
            $"as GATE64_HOST_AS;\n  dynamic name \"gate64_v4_\"", "as GATE64_HOST_AS;\n  dynamic name gate64_v4_", StringComparison.Ordinal));

        ChildProcessResult result = await ChildProcess.RunAsync(RequiredTool.Find("bird"), ["-p", "-c", configuration], s_timeout);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("gate64.conf", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BgpTopology.HostAs)]
    [InlineData(BgpTopology.FourByteHostAs)]
    public async Task FrrSnippet_Rendered_PassesVtyshAndBgpdDryRuns(uint hostAs)
    {
        FrrDryRunResult result = await FrrSnippet.DryRunAsync(BgpTopology.RouterSettings(hostAs));

        Assert.True(result.IsValid, result.ToString());
        Assert.Contains($"bgp listen range {BgpTopology.UplinkPrefix6} peer-group GATE64-V6", result.ConfigurationText, StringComparison.Ordinal);
        Assert.Contains($"^{hostAs}$", result.ConfigurationText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FrrSnippet_BrokenRender_FailsTheDryRun()
    {
        // A prefix where FRR wants a number (grammar, caught by vtysh), and an IPv6 prefix in an
        // IPv4 prefix-list (caught by bgpd applying it).
        string rendered = FrrSnippet.Render(BgpTopology.RouterSettings());
        FrrDryRunResult grammar = await FrrSnippet.DryRunAsync(
            rendered.Replace("maximum-prefix 20000", "maximum-prefix lots", StringComparison.Ordinal));
        FrrDryRunResult semantics = await FrrSnippet.DryRunAsync(
            rendered.Replace("neighbor GATE64-V6 remote-as", "neighbor GATE64-V7 remote-as", StringComparison.Ordinal));

        Assert.False(grammar.IsValid, grammar.ToString());
        Assert.NotEqual(0, grammar.Vtysh.ExitCode);
        Assert.False(semantics.IsValid, semantics.ToString());
        Assert.NotEmpty(semantics.BgpdErrors);
    }

    [Fact]
    public void RouterSettings_RejectAFamilyMixUp()
    {
        UpstreamRouterSettings settings = BgpTopology.RouterSettings() with { WorkloadPool4 = IpPrefix.Parse("2001:db8:10::/48") };

        Assert.Throws<ArgumentException>(() => settings.ToTemplateValues());
    }
}
