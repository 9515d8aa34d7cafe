using System.Globalization;
using Gate64.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gate64.Nat64;

/// <summary>
/// NAT64 is healthy while its queue readers run (a reader that fails ends the service) and its TUN
/// interface is up and running (administratively up, and a reader attached). Someone taking the
/// interface down (<c>ip link set … down</c>) makes the kernel drop every packet for the prefix and
/// the pool, so it counts as unhealthy.
/// </summary>
internal sealed class Nat64HealthCheck(IEnumerable<IHostedService> services, IOptionsMonitor<Nat64Options> options) : IHealthCheck
{
    public const string Name = "nat64";

    /// <summary>Where Linux shows each interface's state.</summary>
    public const string SysClassNet = "/sys/class/net";

    /// <summary>IFF_UP (linux/if.h); sysfs shows the interface's own flags, without IFF_RUNNING, so the carrier tells that.</summary>
    private const int InterfaceUp = 0x1;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (ServiceRunState.WhyNotRunning<Nat64Service>(services, "NAT64") is { } notRunning)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(notRunning));
        }
        string tun = options.CurrentValue.Tun;
        return Task.FromResult(WhyInterfaceNotUp(SysClassNet, tun) is { } down
            ? HealthCheckResult.Unhealthy(down)
            : HealthCheckResult.Healthy($"TUN {tun} is up; queue readers run"));
    }

    /// <summary>Null when <paramref name="name"/> is up and running according to <paramref name="sysClassNet"/>; otherwise why not.</summary>
    internal static string? WhyInterfaceNotUp(string sysClassNet, string name)
    {
        string path = Path.Combine(sysClassNet, name, "flags");
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"TUN {name} does not exist ({exception.Message})";
        }
        if (!text.StartsWith("0x", StringComparison.Ordinal)
            || !int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int flags))
        {
            return $"TUN {name}: cannot read its flags from {path} ('{text}')";
        }
        if ((flags & InterfaceUp) == 0)
        {
            return $"TUN {name} is down";
        }
        // A TUN has carrier while a process holds one of its queues open.
        string carrier = ReadOrEmpty(Path.Combine(sysClassNet, name, "carrier"));
        return carrier == "1" ? null : $"TUN {name} is up but has no carrier (no reader attached)";
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }
}
