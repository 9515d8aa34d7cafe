namespace Gate64.Cli.Demo;

/// <summary>A program the demo drives, with the Debian package that provides it.</summary>
/// <param name="Name">The program, e.g. <c>birdc</c>.</param>
/// <param name="Package">The Debian package, e.g. <c>bird2</c>.</param>
/// <param name="Purpose">What the demo needs it for, for the message when it is missing.</param>
internal sealed record DemoTool(string Name, string Package, string Purpose)
{
    private static readonly string[] s_systemFolders = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>Every program the demo runs.</summary>
    public static IReadOnlyList<DemoTool> All { get; } =
    [
        new("ip", "iproute2", "network namespaces, links and routes"),
        new("sysctl", "procps", "forwarding in the router, gateway and hosts"),
        new("bird", "bird2", "the router"),
        new("birdc", "bird2", "showing the router's routes"),
        new("unbound", "unbound", "the demo's DNS zone"),
        new("python3", "python3", "the web servers"),
        new("curl", "curl", "the clients' fetches"),
        new("dig", "bind9-dnsutils", "the workload's DNS64 lookup"),
    ];

    /// <summary>
    /// The full path, or null when it is not installed. The system folders come first (a
    /// version manager's shim in PATH, such as pyenv's python3, is slow to start and may pick
    /// another interpreter inside the namespaces); then PATH.
    /// </summary>
    public string? Find()
    {
        string[] pathFolders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string folder in s_systemFolders.Concat(pathFolders))
        {
            string candidate = Path.Combine(folder, Name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The line printed when it is missing.</summary>
    public string MissingLine() =>
        $"gate64 demo: '{Name}' is missing ({Purpose}); install the Debian package {Package} (apt-get install {Package}).";

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
