using System.Diagnostics;
using System.Globalization;

namespace Gate64.Cli.Demo;

/// <summary>
/// Remembers everything a demo made, as soon as it is made, and removes it: the children (by PID,
/// SIGTERM then SIGKILL), whatever still runs inside the namespaces (by the PIDs <c>ip netns pids</c>
/// lists: the namespaces are the demo's, so are their processes), the namespaces by name (which takes
/// their veths and the TUN with them), the per-namespace resolv.conf under /etc/netns, and the temp folder.
/// Also finds and removes what a killed demo left behind (<c>gate64 demo --clean</c>).
/// </summary>
internal sealed class DemoCleanup
{
    /// <summary>Where <c>ip netns exec</c> takes per-namespace files such as resolv.conf from.</summary>
    public const string NetnsConfigRoot = "/etc/netns";

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_namespaceEmptyWait = TimeSpan.FromSeconds(5);

    private readonly string _ip;
    private readonly string _tag;
    private readonly Lock _gate = new();
    private readonly List<string> _namespaces = [];
    private readonly List<string> _netnsConfigFolders = [];
    private readonly List<string> _tempFolders = [];
    private bool _createdNetnsConfigRoot;

    public DemoCleanup(string ip, string tag)
    {
        _ip = ip;
        _tag = tag;
    }

    public void AddNamespace(string name)
    {
        lock (_gate)
        {
            _namespaces.Add(name);
        }
    }

    /// <summary>A folder under /etc/netns this run made; <paramref name="createdRoot"/> when it made /etc/netns itself too.</summary>
    public void AddNetnsConfigFolder(string folder, bool createdRoot)
    {
        lock (_gate)
        {
            _netnsConfigFolders.Add(folder);
            _createdNetnsConfigRoot |= createdRoot;
        }
    }

    public void AddTempFolder(string folder)
    {
        lock (_gate)
        {
            _tempFolders.Add(folder);
        }
    }

    /// <summary>Removes everything; never throws: what could not be removed is in the report.</summary>
    public async Task<DemoCleanupReport> RunAsync(DemoSupervisor? supervisor)
    {
        List<string> problems = [];
        int stopped = 0;
        if (supervisor is not null)
        {
            stopped = await supervisor.StopAllAsync(s_stopGrace).ConfigureAwait(false);
        }

        string[] namespaces;
        string[] configFolders;
        string[] tempFolders;
        bool createdRoot;
        lock (_gate)
        {
            namespaces = [.. _namespaces];
            configFolders = [.. _netnsConfigFolders];
            tempFolders = [.. _tempFolders];
            createdRoot = _createdNetnsConfigRoot;
            _namespaces.Clear();
            _netnsConfigFolders.Clear();
            _tempFolders.Clear();
        }

        int[] killed = await Task.WhenAll(namespaces.Reverse().Select(name => RemoveNamespaceAsync(_ip, name, problems))).ConfigureAwait(false);
        int strays = await KillMarkedAsync(_tag, problems).ConfigureAwait(false);
        foreach (string folder in configFolders)
        {
            DeleteFolder(folder, problems);
        }
        if (createdRoot)
        {
            DeleteIfEmpty(NetnsConfigRoot, problems);
        }
        foreach (string folder in tempFolders)
        {
            DeleteFolder(folder, problems);
        }
        return new DemoCleanupReport(stopped + killed.Sum() + strays, namespaces.Length, problems);
    }

    /// <summary>
    /// Removes what demos left behind: namespaces named <c>g64demo-TAG-ROLE</c>, /etc/netns folders of
    /// the same names and temp folders named <c>g64demo-TAG</c>; nothing else is touched.
    /// </summary>
    public static async Task<DemoCleanupReport> RemoveLeftoversAsync(string ip)
    {
        List<string> problems = [];
        DemoCommandResult listed = await DemoProcess.RunAsync("ip netns list", ip, ["netns", "list"], s_commandTimeout, CancellationToken.None)
            .ConfigureAwait(false);
        if (!listed.Succeeded)
        {
            return new DemoCleanupReport(0, 0, [$"ip netns list failed: {listed.Output.Trim()}"]);
        }
        string[] namespaces = [.. listed.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)[0])
            .Where(name => DemoNames.TagOf(name) is not null && name.Length > DemoNames.Prefix.Length + DemoNames.TagLength)];
        int[] killed = await Task.WhenAll(namespaces.Select(name => RemoveNamespaceAsync(ip, name, problems))).ConfigureAwait(false);
        int strays = await KillMarkedAsync(null, problems).ConfigureAwait(false);
        foreach (string folder in DemoFolders(NetnsConfigRoot))
        {
            DeleteFolder(folder, problems);
        }
        DeleteIfEmpty(NetnsConfigRoot, problems);
        foreach (string folder in DemoFolders(Path.GetTempPath()))
        {
            DeleteFolder(folder, problems);
        }
        return new DemoCleanupReport(killed.Sum() + strays, namespaces.Length, problems);
    }

    /// <summary>Kills what still runs in the namespace, by PID, until nothing does; then deletes it. Returns how many it killed.</summary>
    private static async Task<int> RemoveNamespaceAsync(string ip, string name, List<string> problems)
    {
        HashSet<int> killed = [];
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            DemoCommandResult pids = await DemoProcess.RunAsync($"ip netns pids {name}", ip, ["netns", "pids", name], s_commandTimeout, CancellationToken.None)
                .ConfigureAwait(false);
            if (!pids.Succeeded)
            {
                // Gone already, or never fully made: nothing can run in it.
                break;
            }
            int[] remaining = [.. pids.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0)
                .Where(pid => pid > 0 && pid != Environment.ProcessId)];
            if (remaining.Length == 0)
            {
                break;
            }
            if (elapsed.Elapsed > s_namespaceEmptyWait)
            {
                Report(problems, $"processes {string.Join(", ", remaining)} are still in {name} after SIGKILL");
                break;
            }
            foreach (int pid in remaining)
            {
                if (PosixKill.Send(pid, PosixKill.SigKill))
                {
                    killed.Add(pid);
                }
            }
            await Task.Delay(100).ConfigureAwait(false);
        }

        DemoCommandResult deleted = await DemoProcess.RunAsync($"ip netns del {name}", ip, ["netns", "del", name], s_commandTimeout, CancellationToken.None)
            .ConfigureAwait(false);
        if (!deleted.Succeeded && !deleted.Output.Contains("No such file", StringComparison.Ordinal))
        {
            Report(problems, $"cannot delete network namespace {name}: {deleted.Output.Trim()}");
        }
        return killed.Count;
    }

    /// <summary>Kills, by PID, the processes that still carry the demo's marker (of <paramref name="tag"/>, or of any demo).</summary>
    private static async Task<int> KillMarkedAsync(string? tag, List<string> problems)
    {
        HashSet<int> killed = [];
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<int> remaining = DemoProcessScan.Find(tag);
            if (remaining.Count == 0)
            {
                return killed.Count;
            }
            if (elapsed.Elapsed > s_namespaceEmptyWait)
            {
                Report(problems, $"processes {string.Join(", ", remaining)} of the demo are still running after SIGKILL");
                return killed.Count;
            }
            foreach (int pid in remaining)
            {
                if (PosixKill.Send(pid, PosixKill.SigKill))
                {
                    killed.Add(pid);
                }
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> DemoFolders(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return [];
        }
        return Directory.EnumerateDirectories(parent).Where(path => DemoNames.TagOf(Path.GetFileName(path)) is not null).ToList();
    }

    private static void DeleteFolder(string folder, List<string> problems)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Gone already.
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Report(problems, $"cannot remove {folder}: {exception.Message}");
        }
    }

    private static void DeleteIfEmpty(string folder, List<string> problems)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Report(problems, $"cannot remove {folder}: {exception.Message}");
        }
    }

    private static void Report(List<string> problems, string problem)
    {
        lock (problems)
        {
            problems.Add(problem);
        }
    }
}
