using System.Security.Cryptography;

namespace Gate64.Cli.Demo;

/// <summary>
/// The names one demo run gives to what it makes. Namespaces are <c>g64demo-TAG-ROLE</c>, so two
/// demos never collide and a leftover is recognisable; interfaces live only inside those namespaces
/// and are named <c>g64demo-…</c> too (at most 15 characters, the kernel's limit).
/// </summary>
internal sealed class DemoNames
{
    /// <summary>Every namespace, interface and temp folder of a demo starts with this.</summary>
    public const string Prefix = "g64demo-";

    /// <summary>
    /// The environment variable (value: the tag) every child of a demo inherits, so that its processes
    /// can be found even outside their namespaces (<see cref="DemoProcessScan"/>).
    /// </summary>
    public const string EnvironmentMarker = "GATE64_DEMO";

    /// <summary>Lowercase hex digits in a tag.</summary>
    public const int TagLength = 6;

    /// <summary>The longest interface name Linux accepts (IFNAMSIZ - 1).</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>Each uplink's end in the machines other than the router.</summary>
    public const string UplinkInterface = Prefix + "uplink";

    /// <summary>The NAT64's TUN interface in the gateway.</summary>
    public const string TunInterface = Prefix + "nat64";

    private DemoNames(string tag)
    {
        Tag = tag;
    }

    /// <summary>The random part shared by every namespace of this run.</summary>
    public string Tag { get; }

    /// <summary>Every namespace of the run, in the order they are made.</summary>
    public IReadOnlyList<string> Namespaces => [.. Enum.GetValues<DemoRole>().Select(Namespace)];

    /// <summary>The temp folder's name (under the system temp path).</summary>
    public string TempFolderName => $"{Prefix}{Tag}";

    /// <summary>A fresh random tag.</summary>
    public static string NewTag() => RandomNumberGenerator.GetHexString(TagLength, lowercase: true);

    /// <summary>The names for <paramref name="tag"/> (<see cref="TagLength"/> lowercase hex digits).</summary>
    public static DemoNames Create(string tag)
    {
        if (!IsTag(tag))
        {
            throw new ArgumentException($"a demo tag is {TagLength} lowercase hex digits, not '{tag}'", nameof(tag));
        }
        return new DemoNames(tag);
    }

    /// <summary>True for <see cref="TagLength"/> lowercase hex digits.</summary>
    public static bool IsTag(string text) =>
        text.Length == TagLength && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>
    /// The tag of a namespace or temp folder a demo made (<c>g64demo-TAG</c> or <c>g64demo-TAG-ROLE</c>),
    /// or null for any other name: the cleanup of leftovers touches nothing else.
    /// </summary>
    public static string? TagOf(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        string rest = name[Prefix.Length..];
        string tag = rest.Length > TagLength ? rest[..TagLength] : rest;
        if (!IsTag(tag))
        {
            return null;
        }
        if (rest.Length == TagLength)
        {
            return tag;
        }
        string role = rest[TagLength..];
        return Enum.GetValues<DemoRole>().Any(r => role == "-" + RoleName(r)) ? tag : null;
    }

    /// <summary>The short lowercase word for <paramref name="role"/> used in names and narration.</summary>
    public static string RoleName(DemoRole role) => role switch
    {
        DemoRole.Router => "router",
        DemoRole.Gateway => "gateway",
        DemoRole.HostA => "hosta",
        DemoRole.HostB => "hostb",
        DemoRole.Workload1 => "wl1",
        DemoRole.Workload2 => "wl2",
        DemoRole.Client => "client",
        DemoRole.Web => "web",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary><c>g64demo-TAG-ROLE</c>.</summary>
    public string Namespace(DemoRole role) => $"{Prefix}{Tag}-{RoleName(role)}";

    /// <summary>The router's end of the uplink to <paramref name="role"/>: <c>g64demo-ROLE</c>.</summary>
    public static string RouterInterface(DemoRole role) =>
        role is DemoRole.Router or DemoRole.Workload1 or DemoRole.Workload2
            ? throw new ArgumentOutOfRangeException(nameof(role), role, "the router has no uplink to itself, and workloads hang off their hosts")
            : Prefix + RoleName(role);

    /// <summary>The host end of a workload's routed link (what <c>gate64 link up</c> is given): <c>g64demo-wl1</c>.</summary>
    public static string WorkloadLink(DemoRole workload) =>
        workload is DemoRole.Workload1 or DemoRole.Workload2
            ? Prefix + RoleName(workload)
            : throw new ArgumentOutOfRangeException(nameof(workload), workload, "not a workload");
}
