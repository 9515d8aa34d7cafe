using System.Globalization;
using System.Text;

namespace Gate64.Testing.Routing;

/// <summary>Renders a gobgpd TOML config from <see cref="GoBgpOptions"/>.</summary>
public static class GoBgpConfiguration
{
    public static string Render(GoBgpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        StringBuilder toml = new();
        toml.Append("[global.config]\n");
        Line(toml, 1, Invariant($"as = {options.As}"));
        Line(toml, 1, $"router-id = \"{options.RouterId}\"");
        Line(toml, 1, Invariant($"port = {options.EffectiveListenPort}"));

        foreach (GoBgpNeighbor neighbor in options.Neighbors)
        {
            toml.Append("\n[[neighbors]]\n");
            Line(toml, 1, "[neighbors.config]");
            Line(toml, 2, $"neighbor-address = \"{neighbor.Address}\"");
            Line(toml, 2, Invariant($"peer-as = {neighbor.PeerAs}"));
            if (neighbor.AdminDown)
            {
                Line(toml, 2, "admin-down = true");
            }

            if (neighbor.Passive)
            {
                Line(toml, 1, "[neighbors.transport.config]");
                Line(toml, 2, "passive-mode = true");
            }

            if (neighbor.HoldTime is not null || neighbor.ConnectRetry is not null || neighbor.IdleHoldTimeAfterReset is not null)
            {
                Line(toml, 1, "[neighbors.timers.config]");
                if (neighbor.HoldTime is int holdTime)
                {
                    Line(toml, 2, Invariant($"hold-time = {holdTime}"));
                    Line(toml, 2, Invariant($"keepalive-interval = {Math.Max(1, holdTime / 3)}"));
                }

                if (neighbor.ConnectRetry is int connectRetry)
                {
                    Line(toml, 2, Invariant($"connect-retry = {connectRetry}"));
                }

                if (neighbor.IdleHoldTimeAfterReset is int idleHold)
                {
                    Line(toml, 2, Invariant($"idle-hold-time-after-reset = {idleHold}"));
                }
            }

            if (neighbor.GracefulRestart)
            {
                Line(toml, 1, "[neighbors.graceful-restart.config]");
                Line(toml, 2, "enabled = true");
                Line(toml, 2, "restart-time = 120");
            }

            AfiSafis(toml, "neighbors", neighbor.Families, neighbor.GracefulRestart);
        }

        for (int i = 0; i < options.DynamicNeighbors.Count; i++)
        {
            GoBgpDynamicNeighbors group = options.DynamicNeighbors[i];
            string name = $"dynamic{i.ToString(CultureInfo.InvariantCulture)}";
            toml.Append("\n[[peer-groups]]\n");
            Line(toml, 1, "[peer-groups.config]");
            Line(toml, 2, $"peer-group-name = \"{name}\"");
            Line(toml, 2, Invariant($"peer-as = {group.PeerAs}"));
            if (group.GracefulRestartHelper)
            {
                Line(toml, 1, "[peer-groups.graceful-restart.config]");
                Line(toml, 2, "enabled = true");
                Line(toml, 2, "helper-only = true");
            }

            AfiSafis(toml, "peer-groups", group.Families, group.GracefulRestartHelper);
            toml.Append("\n[[dynamic-neighbors]]\n");
            Line(toml, 1, "[dynamic-neighbors.config]");
            Line(toml, 2, $"prefix = \"{group.Range}\"");
            Line(toml, 2, $"peer-group = \"{name}\"");
        }

        return toml.ToString();
    }

    private static void AfiSafis(StringBuilder toml, string section, IReadOnlyList<string> families, bool gracefulRestart)
    {
        if (families.Count == 0)
        {
            throw new ArgumentException($"a {section} entry needs at least one family (ipv4-unicast, ipv6-unicast)");
        }

        foreach (string family in families)
        {
            Line(toml, 1, $"[[{section}.afi-safis]]");
            Line(toml, 2, $"[{section}.afi-safis.config]");
            Line(toml, 3, $"afi-safi-name = \"{family}\"");
            if (gracefulRestart)
            {
                Line(toml, 2, $"[{section}.afi-safis.mp-graceful-restart.config]");
                Line(toml, 3, "enabled = true");
            }
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static void Line(StringBuilder toml, int depth, string text) =>
        toml.Append(' ', depth * 2).Append(text).Append('\n');
}
