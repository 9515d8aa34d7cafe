namespace Gate64.Testing.Links;

/// <summary>
/// Three namespaces for <c>gate64 link</c> (documentation addresses only):
/// <code>
///  router  198.51.100.1/30, 2001:db8:ffff::1/64 ── 198.51.100.2/30, 2001:db8:ffff::2/64  host  (gate64 link runs here)
///          192.0.2.10/32 and 2001:db8:10::10/128 via the host                             │ the link, once up
///                                                                                          workload (empty)
/// </code>
/// The router knows the workload's addresses through the host (static routes, as BGP would teach it); the host has
/// no default route and nothing leaves the three namespaces. <see cref="LinkName"/> is unique per topology.
/// </summary>
public sealed class LinkTopology : IAsyncDisposable
{
    public const string RouterIpv4 = "198.51.100.1";
    public const string RouterIpv6 = "2001:db8:ffff::1";
    public const string WorkloadIpv4 = "192.0.2.10";
    public const string WorkloadIpv6 = "2001:db8:10::10";

    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(60);

    private readonly List<IAsyncDisposable> _owned = [];

    private LinkTopology(string tag)
    {
        Tag = tag;
        LinkName = $"{NetworkNamespace.NamePrefix}{tag}w";
    }

    public string Tag { get; }

    /// <summary>The host end's name for <c>gate64 link up</c> (12 characters, harness prefix).</summary>
    public string LinkName { get; }

    public NetworkNamespace Router { get; private set; } = null!;

    public NetworkNamespace Host { get; private set; } = null!;

    public NetworkNamespace Workload { get; private set; } = null!;

    /// <summary>router ↔ host (first end in the router).</summary>
    public VethLink Uplink { get; private set; } = null!;

    public static async Task<LinkTopology> StartAsync()
    {
        foreach (string tool in new[] { "ip", "sysctl", "ping" })
        {
            RequiredTool.Find(tool);
        }
        LinkTopology topology = new(NetworkNamespace.NewTag());
        try
        {
            await topology.BuildAsync().ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The <c>gate64 link up</c> arguments for this topology's workload.</summary>
    public IReadOnlyList<string> UpArguments(bool withIpv4 = true) => withIpv4
        ? ["link", "up", LinkName, "--netns", Workload.Name, "--ipv6", WorkloadIpv6, "--ipv4", WorkloadIpv4]
        : ["link", "up", LinkName, "--netns", Workload.Name, "--ipv6", WorkloadIpv6];

    /// <summary>Runs <c>gate64 ARGS…</c> inside the host namespace to completion.</summary>
    public async Task<ChildProcessResult> Gate64InHostAsync(IEnumerable<string> arguments)
    {
        await using ChildProcess process = Gate64Executable.Locate().Start(Host, arguments);
        int exitCode = await process.WaitForExitAsync(s_commandTimeout).ConfigureAwait(false);
        return new ChildProcessResult(process.CommandLine, exitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary><c>ping -n -c 1 -W 2 ADDRESS</c> from <paramref name="from"/> (exit code 0: the reply came).</summary>
    public static async Task<ChildProcessResult> PingAsync(NetworkNamespace from, string address) =>
        await from.RunAsync(RequiredTool.Find("ping"), ["-n", "-c", "1", "-W", "2", address], s_commandTimeout).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        List<Exception> errors = [];
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidOperationException or AggregateException or TimeoutException)
            {
                errors.Add(exception);
            }
        }
        _owned.Clear();
        if (errors.Count > 0)
        {
            throw new AggregateException($"cleaning up link topology {Tag} failed", errors);
        }
    }

    private async Task BuildAsync()
    {
        Router = Own(await NetworkNamespace.CreateAsync("router", Tag).ConfigureAwait(false));
        Host = Own(await NetworkNamespace.CreateAsync("host", Tag).ConfigureAwait(false));
        Workload = Own(await NetworkNamespace.CreateAsync("workload", Tag).ConfigureAwait(false));
        Uplink = Own(await VethLink.CreateAsync(Router, [$"{RouterIpv4}/30", $"{RouterIpv6}/64"], Host, ["198.51.100.2/30", "2001:db8:ffff::2/64"]).ConfigureAwait(false));
        await Router.IpAsync("-4", "route", "add", $"{WorkloadIpv4}/32", "via", "198.51.100.2").ConfigureAwait(false);
        await Router.IpAsync("-6", "route", "add", $"{WorkloadIpv6}/128", "via", "2001:db8:ffff::2").ConfigureAwait(false);
    }

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }
}
