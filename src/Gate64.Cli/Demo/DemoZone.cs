using System.Text;

namespace Gate64.Cli.Demo;

/// <summary>
/// The demo's DNS: unbound on the gateway's loopback serving <c>demo.test</c> from local data and
/// refusing everything else (the namespaces have no internet to recurse into). It is the upstream of
/// gate64 dns64 and the resolver of gate64 ingress and gate64 check.
/// </summary>
internal static class DemoZone
{
    /// <summary>The records: a site with AAAA and A, a name with only A at the gateway, an IPv4-only name.</summary>
    public static IReadOnlyList<string> Records { get; } =
    [
        $"{DemoAddresses.Zone}. 300 IN SOA ns.{DemoAddresses.Zone}. hostmaster.{DemoAddresses.Zone}. 1 3600 600 86400 30",
        $"{DemoAddresses.SiteName}. 30 IN AAAA {DemoAddresses.Workload1}",
        $"{DemoAddresses.SiteName}. 30 IN A {DemoAddresses.IngressAddress}",
        $"{DemoAddresses.NoAaaaName}. 30 IN A {DemoAddresses.IngressAddress}",
        $"{DemoAddresses.Ipv4OnlyName}. 30 IN A {DemoAddresses.WebAddress}",
    ];

    /// <summary>unbound.conf: foreground, no privileges dropped, no chroot, logs to stderr, 127.0.0.1:53 only.</summary>
    public static string UnboundConfiguration(string directory)
    {
        StringBuilder text = new();
        text.Append("server:\n");
        foreach (string line in new[]
        {
            "verbosity: 1",
            "username: \"\"",
            "chroot: \"\"",
            $"directory: \"{directory}\"",
            $"pidfile: \"{Path.Combine(directory, "unbound.pid")}\"",
            "use-syslog: no",
            "logfile: \"\"",
            "do-daemonize: no",
            "interface: 127.0.0.1@53",
            "port: 53",
            "do-ip4: yes",
            "do-ip6: no",
            "so-reuseport: no",
            "num-threads: 1",
            "access-control: 127.0.0.0/8 allow",
            "module-config: \"iterator\"",
            // No internet in the namespaces: names outside the zone are refused, never iterated.
            "local-zone: \".\" refuse",
            $"local-zone: \"{DemoAddresses.Zone}.\" static",
        })
        {
            text.Append("  ").Append(line).Append('\n');
        }
        foreach (string record in Records)
        {
            text.Append("  local-data: \"").Append(record).Append("\"\n");
        }
        text.Append("remote-control:\n  control-enable: no\n");
        return text.ToString();
    }
}
