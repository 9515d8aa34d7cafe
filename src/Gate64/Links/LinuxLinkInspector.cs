using System.Globalization;
using Gate64.Protocols.Ip;

namespace Gate64.Links;

/// <summary>Looks at an existing link with <c>ip -j</c> (JSON, so nothing depends on the text layout).</summary>
internal sealed class LinuxLinkInspector
{
    private const string Ip = "ip";

    private readonly ICommandRunner _runner;

    public LinuxLinkInspector(ICommandRunner runner)
    {
        _runner = runner;
    }

    /// <summary>The host-side interface called <paramref name="name"/>, or null when there is none.</summary>
    public async Task<LinuxInterfaceState?> FindHostEndAsync(string name, CancellationToken cancellationToken)
    {
        CommandResult result = await _runner.RunAsync(ArgumentVector.Of(Ip, "-j", "-d", "address", "show", "dev", name), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            if (result.StandardError.Contains("does not exist", StringComparison.Ordinal))
            {
                return null;
            }
            throw new InvalidOperationException($"cannot look at interface {name}: {result.Describe()}");
        }
        return Single(result, name);
    }

    /// <summary>Everything <see cref="LinuxLinkComparison"/> compares, for a host end that carries a Gate64 marker.</summary>
    public async Task<LinuxObservedLink> InspectAsync(LinuxInterfaceState hostEnd, LinkMarker marker, CancellationToken cancellationToken)
    {
        string protocol = OwnedRoutes.ProtocolNumber.ToString(CultureInfo.InvariantCulture);
        List<IpPrefix> hostRoutes = [];
        foreach (string family in new[] { "-4", "-6" })
        {
            CommandResult routes = await RunCheckedAsync(ArgumentVector.Of(Ip, "-j", family, "route", "show", "table", "main", "proto", protocol, "dev", hostEnd.Name), cancellationToken).ConfigureAwait(false);
            hostRoutes.AddRange(IpJson.ParseRoutes(routes.StandardOutput).Select(route => route.Destination));
        }

        string ns = marker.Target.Name;
        string eth0 = LinkAddressing.WorkloadInterface;
        CommandResult workload = await _runner.RunAsync(ArgumentVector.Of(Ip, "-n", ns, "-j", "-d", "address", "show", "dev", eth0), cancellationToken).ConfigureAwait(false);
        if (!workload.Succeeded)
        {
            string? problem = workload.StandardError.Contains("does not exist", StringComparison.Ordinal)
                ? null
                : $"cannot look into {marker.Target}: {workload.Describe()}";
            return new LinuxObservedLink(hostEnd, marker, null, problem, hostRoutes, []);
        }
        LinuxInterfaceState workloadEnd = Single(workload, eth0);
        List<LinuxRoute> defaults = [];
        foreach (string family in new[] { "-4", "-6" })
        {
            CommandResult routes = await RunCheckedAsync(ArgumentVector.Of(Ip, "-n", ns, "-j", family, "route", "show", "default"), cancellationToken).ConfigureAwait(false);
            defaults.AddRange(IpJson.ParseRoutes(routes.StandardOutput));
        }
        return new LinuxObservedLink(hostEnd, marker, workloadEnd, null, hostRoutes, defaults);
    }

    private async Task<CommandResult> RunCheckedAsync(ArgumentVector command, CancellationToken cancellationToken)
    {
        CommandResult result = await _runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result : throw new InvalidOperationException($"`{command}` failed: {result.Describe()}");
    }

    private static LinuxInterfaceState Single(CommandResult result, string name)
    {
        IReadOnlyList<LinuxInterfaceState> interfaces = IpJson.ParseInterfaces(result.StandardOutput);
        return interfaces.Count == 1 && interfaces[0].Name == name
            ? interfaces[0]
            : throw new InvalidOperationException($"ip showed {interfaces.Count} interfaces for '{name}'");
    }
}
