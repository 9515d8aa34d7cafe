using System.Globalization;
using System.Net;
using System.Text;

namespace Gate64.Testing;

/// <summary>
/// Renders an unbound.conf for a foreground test server on loopback: no privileges dropped, no
/// chroot, logs to stderr, no remote control, iterator only (no validator), and no upstream at all:
/// names outside the served zones are refused instead of being resolved from the root.
/// </summary>
public static class UnboundConfiguration
{
    /// <summary>The probe name that every test server answers (TXT "ready").</summary>
    public const string ReadyName = "ready.harness.invalid.";

    public static string Render(
        string directory,
        IPEndPoint endPoint,
        IEnumerable<(UnboundZone Zone, string ZoneFile)> zones,
        IEnumerable<string> extraServerLines)
    {
        string port = endPoint.Port.ToString(CultureInfo.InvariantCulture);
        StringBuilder text = new();
        text.Append("server:\n");
        Line(text, "verbosity: 1");
        Line(text, "username: \"\"");
        Line(text, "chroot: \"\"");
        Line(text, $"directory: \"{directory}\"");
        Line(text, $"pidfile: \"{Path.Combine(directory, "unbound.pid")}\"");
        Line(text, "use-syslog: no");
        Line(text, "logfile: \"\"");
        Line(text, "log-time-ascii: yes");
        Line(text, "do-daemonize: no");
        Line(text, $"interface: {endPoint.Address}@{port}");
        Line(text, $"port: {port}");
        Line(text, "do-ip4: yes");
        Line(text, $"do-ip6: {(endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "yes" : "no")}");
        Line(text, "do-udp: yes");
        Line(text, "do-tcp: yes");
        Line(text, "so-reuseport: no");
        Line(text, "access-control: 127.0.0.0/8 allow");
        Line(text, "access-control: ::1/128 allow");
        Line(text, "num-threads: 1");
        Line(text, "module-config: \"iterator\"");
        Line(text, "auto-trust-anchor-file: \"\"");
        Line(text, "trust-anchor-file: \"\"");

        // No internet: everything outside the zones below is answered REFUSED, never iterated.
        Line(text, "local-zone: \".\" refuse");
        Line(text, "local-zone: \"harness.invalid.\" static");
        Line(text, $"local-data: \"{ReadyName} 0 IN TXT \\\"ready\\\"\"");

        List<(UnboundZone Zone, string ZoneFile)> zoneList = zones.ToList();
        foreach ((UnboundZone zone, string _) in zoneList)
        {
            // Transparent overrides unbound's built-in static zones (test., invalid., …) so the auth-zone answers.
            Line(text, $"local-zone: \"{zone.AbsoluteOrigin}\" transparent");
        }

        foreach (string line in extraServerLines)
        {
            Line(text, line);
        }

        foreach ((UnboundZone zone, string zoneFile) in zoneList)
        {
            text.Append("auth-zone:\n");
            Line(text, $"name: \"{zone.AbsoluteOrigin}\"");
            Line(text, $"zonefile: \"{zoneFile}\"");
            Line(text, "for-downstream: yes");
            Line(text, "for-upstream: yes");
            Line(text, "fallback-enabled: no");
        }

        text.Append("remote-control:\n");
        Line(text, "control-enable: no");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append("  ").Append(line).Append('\n');
}
