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
        // -p 0: the dry run would otherwise bind port 179 in the test process's namespace.
        ChildProcessResult checkedByBgpd;
        await using (ChildProcess process = ChildProcess.Start(bgpd, ["--dryrun", "-p", "0", "-f", path]))
        {
            int exitCode = await process.WaitForExitAsync(s_timeout).ConfigureAwait(false);
            checkedByBgpd = new ChildProcessResult(process.CommandLine, exitCode, process.StandardOutput, process.StandardError);
            RemoveScratchDirectory(process.Id);
        }

        return new FrrDryRunResult(configurationText, checkedByVtysh, checkedByBgpd);
    }

    /// <summary>
    /// Removes the <c>/var/tmp/frr/bgpd.PID</c> folder that every bgpd run creates and leaves behind
    /// (empty after a dry run; a killed bgpd leaves its crash-log buffers <c>logbuf.TID</c> in it).
    /// Only for a bgpd this harness started, and only when it holds nothing else.
    /// </summary>
    public static void RemoveScratchDirectory(int processId)
    {
        string folder = $"/var/tmp/frr/bgpd.{processId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        try
        {
            if (Directory.Exists(folder) &&
                Directory.EnumerateFileSystemEntries(folder).All(entry => Path.GetFileName(entry).StartsWith("logbuf.", StringComparison.Ordinal) && File.Exists(entry)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Not empty after all, or gone meanwhile: leave it.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to remove.
        }
    }
}
