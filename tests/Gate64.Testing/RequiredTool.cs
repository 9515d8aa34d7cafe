using Xunit;

namespace Gate64.Testing;

/// <summary>
/// Resolves a peer program (unbound, dig, kdig, dnsperf, ip, …) from PATH or the sbin folders. A
/// missing peer fails the test with the package to install: CI must fail, never skip.
/// </summary>
public static class RequiredTool
{
    private static readonly string[] s_extraFolders = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

    private static readonly Dictionary<string, string> s_debianPackages = new(StringComparer.Ordinal)
    {
        ["unbound"] = "unbound",
        ["unbound-checkconf"] = "unbound",
        ["dig"] = "bind9-dnsutils",
        ["kdig"] = "knot-dnsutils",
        ["dnsperf"] = "dnsperf",
        ["resperf"] = "dnsperf",
        ["ip"] = "iproute2",
        ["sysctl"] = "procps",
        ["ss"] = "iproute2",
        ["openssl"] = "openssl",
        ["curl"] = "curl",
        ["ping"] = "iputils-ping",
        ["python3"] = "python3",
        ["/usr/bin/python3"] = "python3",
        ["bird"] = "bird2",
        ["birdc"] = "bird2",
        ["gobgpd"] = "gobgpd",
        ["gobgp"] = "gobgpd",
        ["vtysh"] = "frr",
        ["/usr/lib/frr/bgpd"] = "frr",
        ["/usr/lib/frr/zebra"] = "frr",
        ["gtlsclient"] = "ngtcp2-client",
        ["gtlsserver"] = "ngtcp2-server",
    };

    /// <summary>The full path of <paramref name="name"/>; fails the test when it is not installed.</summary>
    public static string Find(string name)
    {
        string? path = TryFind(name);
        if (path is null)
        {
            string package = s_debianPackages.TryGetValue(name, out string? known) ? known : name;
            Assert.Fail(
                $"required peer program '{name}' was not found in PATH or {string.Join(", ", s_extraFolders)}; " +
                $"install the Debian package '{package}' (./test.sh installs the test peers).");
        }

        return path;
    }

    /// <summary>The full path of <paramref name="name"/>, or null when it is not installed.</summary>
    public static string? TryFind(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(name) ? Path.GetFullPath(name) : null;
        }

        string[] pathFolders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string folder in pathFolders.Concat(s_extraFolders))
        {
            string candidate = Path.Combine(folder, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
