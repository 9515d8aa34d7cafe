namespace Gate64.Cli.Demo;

/// <summary>
/// What the demo needs before it makes anything: Linux, root (namespaces, TUN, routes), every program
/// of <see cref="DemoTool.All"/>, and the BIRD snippet of the checkout. Each missing thing is one line
/// that says how to get it.
/// </summary>
internal static class DemoPrerequisites
{
    /// <summary>The problems (empty when the demo can run) and, when there are none, the programs' paths and the snippet folder.</summary>
    public static IReadOnlyList<string> Check(out DemoToolPaths? tools, out string? snippetFolder)
    {
        tools = null;
        snippetFolder = null;
        if (!OperatingSystem.IsLinux())
        {
            return ["gate64 demo: builds the platform in Linux network namespaces; this is not Linux."];
        }

        List<string> problems = [];
        if (!Environment.IsPrivilegedProcess)
        {
            problems.Add("gate64 demo: must run as root: it creates network namespaces, a TUN interface and routes (sudo ./gate64 demo).");
        }
        Dictionary<string, string> paths = new(StringComparer.Ordinal);
        foreach (DemoTool tool in DemoTool.All)
        {
            if (tool.Find() is { } path)
            {
                paths[tool.Name] = path;
            }
            else
            {
                problems.Add(tool.MissingLine());
            }
        }
        snippetFolder = RouterSnippet.Locate([AppContext.BaseDirectory, Environment.CurrentDirectory]);
        if (snippetFolder is null)
        {
            problems.Add($"gate64 demo: the router snippet {RouterSnippet.RelativeFolder}/ was not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; run gate64 from its source checkout.");
        }
        if (problems.Count == 0)
        {
            tools = new DemoToolPaths(paths, SelfExecutable.Current());
        }
        return problems;
    }
}
