namespace Gate64.Testing.Routing;

/// <summary>The shipped FRR router snippet (<c>deploy/frr/gate64.conf</c>), rendered and checked by FRR's own dry runs.</summary>
public static class FrrSnippet
{
    public const string Template = "deploy/frr/gate64.conf";
    public const string BgpdPath = "/usr/lib/frr/bgpd";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    /// <summary>Renders the shipped snippet with <paramref name="settings"/>.</summary>
    public static string Render(UpstreamRouterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return DeployTemplate.Load(Template).Render(settings.ToTemplateValues(), allowUnused: true);
    }

    /// <summary>Runs <c>vtysh --dryrun</c> and <c>bgpd --dryrun</c> on the snippet rendered with <paramref name="settings"/>.</summary>
    public static Task<FrrDryRunResult> DryRunAsync(UpstreamRouterSettings settings) => DryRunAsync(Render(settings));

    /// <summary>Runs <c>vtysh --dryrun</c> and <c>bgpd --dryrun</c> on <paramref name="configurationText"/>.</summary>
    public static async Task<FrrDryRunResult> DryRunAsync(string configurationText)
    {
        ArgumentNullException.ThrowIfNull(configurationText);
        string vtysh = RequiredTool.Find("vtysh");
        string bgpd = RequiredTool.Find(BgpdPath);
        using TempDirectory directory = TempDirectory.Create("frr");
        string path = directory.Combine("frr.conf");
        await File.WriteAllTextAsync(path, configurationText).ConfigureAwait(false);
        ChildProcessResult checkedByVtysh = await ChildProcess.RunAsync(vtysh, ["--dryrun", "-f", path], s_timeout).ConfigureAwait(false);
        ChildProcessResult checkedByBgpd = await ChildProcess.RunAsync(bgpd, ["--dryrun", "-f", path], s_timeout).ConfigureAwait(false);
        return new FrrDryRunResult(configurationText, checkedByVtysh, checkedByBgpd);
    }
}
