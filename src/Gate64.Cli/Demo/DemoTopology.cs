using System.Globalization;

namespace Gate64.Cli.Demo;

/// <summary>
/// Builds the demo's machines and wires (see <see cref="DemoAddresses"/>): one namespace per
/// <see cref="DemoRole"/>, a veth from the router to each machine created directly inside the two
/// namespaces (never in the host's), the addresses, default routes towards the router, forwarding.
/// The workloads' links are not made here: <c>gate64 link up</c> makes them, as on a real host.
/// Every namespace is handed to the cleanup the moment it exists.
/// </summary>
internal sealed class DemoTopology
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(15);
    private static readonly DemoRole[] s_uplinked = [DemoRole.Gateway, DemoRole.HostA, DemoRole.HostB, DemoRole.Client, DemoRole.Web];

    private readonly DemoNames _names;
    private readonly DemoToolPaths _tools;
    private readonly DemoCleanup _cleanup;
    private readonly CancellationToken _cancellationToken;

    public DemoTopology(DemoNames names, DemoToolPaths tools, DemoCleanup cleanup, CancellationToken cancellationToken)
    {
        _names = names;
        _tools = tools;
        _cleanup = cleanup;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Makes everything; throws <see cref="DemoSetupException"/> on the first command that fails.</summary>
    public async Task BuildAsync()
    {
        foreach (DemoRole role in Enum.GetValues<DemoRole>())
        {
            await CreateNamespaceAsync(role).ConfigureAwait(false);
        }
        foreach (DemoRole role in s_uplinked)
        {
            await CreateUplinkAsync(role).ConfigureAwait(false);
        }

        // The gateway's service addresses live on its loopback; BGP tells the router where they are.
        await IpAsync(DemoRole.Gateway, "address", "add", $"{DemoAddresses.IngressAddress}/32", "dev", "lo").ConfigureAwait(false);
        await IpAsync(DemoRole.Gateway, "-6", "address", "add", $"{DemoAddresses.Dns64Address}/128", "dev", "lo", "nodad").ConfigureAwait(false);

        // Everything else is behind the router: default routes towards it.
        foreach (DemoRole role in new[] { DemoRole.Gateway, DemoRole.Client, DemoRole.Web })
        {
            await IpAsync(role, "-4", "route", "add", "default", "via", DemoAddresses.Uplink(role).RouterIpv4).ConfigureAwait(false);
        }
        foreach (DemoRole role in new[] { DemoRole.Gateway, DemoRole.HostA, DemoRole.HostB })
        {
            await IpAsync(role, "-6", "route", "add", "default", "via", DemoAddresses.Uplink(role).RouterIpv6!).ConfigureAwait(false);
        }

        foreach (DemoRole role in new[] { DemoRole.Router, DemoRole.Gateway, DemoRole.HostA, DemoRole.HostB })
        {
            await SysctlAsync(role, "net.ipv4.ip_forward", "1").ConfigureAwait(false);
            await SysctlAsync(role, "net.ipv6.conf.all.forwarding", "1").ConfigureAwait(false);
        }

        // The IPv6-only workload's resolver is the gateway's DNS64, as a hosting platform would configure it.
        WriteResolvConf(DemoRole.Workload2, DemoAddresses.Dns64Address);
    }

    private async Task CreateNamespaceAsync(DemoRole role)
    {
        string name = _names.Namespace(role);
        DemoCommandResult added = await DemoProcess.RunAsync($"ip netns add {name}", _tools.Ip, ["netns", "add", name], s_commandTimeout, _cancellationToken)
            .ConfigureAwait(false);
        if (!added.Succeeded)
        {
            // Nothing was made (e.g. the name exists: not ours, leave it alone).
            throw DemoSetupException.From(added);
        }
        _cleanup.AddNamespace(name);
        await IpAsync(role, "link", "set", "lo", "up").ConfigureAwait(false);
        // Addresses usable at once: duplicate address detection would hold the first packets for a second or two.
        await SysctlAsync(role, "net.ipv6.conf.all.accept_dad", "0").ConfigureAwait(false);
        await SysctlAsync(role, "net.ipv6.conf.default.accept_dad", "0").ConfigureAwait(false);
    }

    private async Task CreateUplinkAsync(DemoRole role)
    {
        DemoUplink uplink = DemoAddresses.Uplink(role);
        string routerEnd = DemoNames.RouterInterface(role);
        // Made inside the router's namespace with its peer placed straight into the machine's.
        await IpAsync(DemoRole.Router, "link", "add", routerEnd, "type", "veth", "peer", "name", DemoNames.UplinkInterface, "netns", _names.Namespace(role))
            .ConfigureAwait(false);
        await ConfigureEndAsync(DemoRole.Router, routerEnd, uplink.RouterIpv4, uplink.RouterIpv6, uplink).ConfigureAwait(false);
        await ConfigureEndAsync(role, DemoNames.UplinkInterface, uplink.PeerIpv4, uplink.PeerIpv6, uplink).ConfigureAwait(false);
    }

    private async Task ConfigureEndAsync(DemoRole role, string device, string ipv4, string? ipv6, DemoUplink uplink)
    {
        await IpAsync(role, "address", "add", $"{ipv4}/{uplink.Ipv4PrefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", device).ConfigureAwait(false);
        if (ipv6 is not null)
        {
            await IpAsync(role, "-6", "address", "add", $"{ipv6}/{uplink.Ipv6PrefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", device, "nodad")
                .ConfigureAwait(false);
        }
        await IpAsync(role, "link", "set", "dev", device, "up").ConfigureAwait(false);
    }

    private async Task IpAsync(DemoRole role, params string[] arguments)
    {
        string name = _names.Namespace(role);
        DemoCommandResult result = await DemoProcess.RunAsync(
            DemoCommandLine.Format(["ip", "-n", name, .. arguments]), _tools.Ip, ["-n", name, .. arguments], s_commandTimeout, _cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw DemoSetupException.From(result);
        }
    }

    private async Task SysctlAsync(DemoRole role, string key, string value)
    {
        string name = _names.Namespace(role);
        DemoCommandResult result = await DemoProcess.RunAsync(
            DemoCommandLine.Format(["ip", "netns", "exec", name, "sysctl", "-q", "-w", $"{key}={value}"]),
            _tools.Ip, ["netns", "exec", name, _tools.Sysctl, "-q", "-w", $"{key}={value}"], s_commandTimeout, _cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw DemoSetupException.From(result);
        }
    }

    /// <summary>/etc/netns/NS/resolv.conf: <c>ip netns exec</c> mounts it over /etc/resolv.conf for programs in NS.</summary>
    private void WriteResolvConf(DemoRole role, string nameserver)
    {
        bool createdRoot = !Directory.Exists(DemoCleanup.NetnsConfigRoot);
        string folder = Path.Combine(DemoCleanup.NetnsConfigRoot, _names.Namespace(role));
        Directory.CreateDirectory(folder);
        _cleanup.AddNetnsConfigFolder(folder, createdRoot);
        File.WriteAllText(Path.Combine(folder, "resolv.conf"), $"# gate64 demo {_names.Tag}: the gateway's DNS64\nnameserver {nameserver}\noptions timeout:2 attempts:2\n");
    }
}
