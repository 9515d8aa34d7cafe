using System.Net.Sockets;
using System.Text;
using Gate64.Platform;
using Gate64.Protocols.Ip;

namespace Gate64.Nat64;

/// <summary>Settings of the stateful NAT64 (RFC 6146) on a TUN interface.</summary>
public sealed class Nat64Options
{
    /// <summary>The shortest TUN queue <see cref="TunQueueLength"/> accepts.</summary>
    public const int MinimumTunQueueLength = 64;

    /// <summary>The longest TUN queue <see cref="TunQueueLength"/> accepts (each packet may be a 64 KiB super-packet).</summary>
    public const int MaximumTunQueueLength = 65536;

    /// <summary>The TUN interface to create or attach to.</summary>
    public string Tun { get; set; } = "";

    /// <summary>The Pref64::/n whose addresses stand for IPv4 hosts.</summary>
    public Nat64Prefix Prefix { get; set; } = Nat64Prefix.WellKnown;

    /// <summary>The IPv4 pool the IPv6 clients are mapped to (a /16 or longer).</summary>
    public IpPrefix? Pool4 { get; set; }

    /// <summary>IPv6 sources that may use the NAT64. Empty: nobody (never an open NAT).</summary>
    public List<IpPrefix> Allow { get; } = [];

    /// <summary>Leave routing to the operator: no route for the prefix and the pool through the TUN.</summary>
    public bool NoRoutes { get; set; }

    /// <summary>TUN queues, each read by a thread of its own (IFF_MULTI_QUEUE above 1).</summary>
    public int Queues { get; set; } = 1;

    /// <summary>The MTU of the TUN interface.</summary>
    public int Mtu { get; set; } = 1500;

    /// <summary>
    /// Packets the kernel holds for each TUN queue until a worker reads them (the interface's <c>txqueuelen</c>).
    /// The kernel's 500 suits a NIC drained in softirq; a user-space reader is scheduled like any thread, and at
    /// 200,000 small packets/s a 500-packet queue overflows in 2.5 ms, less than one scheduler slice on a busy host.
    /// 2048 holds 10 ms.
    /// </summary>
    public int TunQueueLength { get; set; } = 2048;

    /// <summary>Address-dependent filtering instead of endpoint-independent filtering.</summary>
    public bool AddressDependentFiltering { get; set; }

    /// <summary>Bindings (pool ports) one IPv6 address may hold, all protocols together.</summary>
    public int PortQuotaPerClient { get; set; } = 4096;

    /// <summary>Log every binding created and removed (RFC 6888 REQ-12).</summary>
    public bool LogMappings { get; set; }

    /// <summary>ICMP errors the translator itself sends, per second and queue (a token bucket with this burst).</summary>
    public int IcmpErrorsPerSecond { get; set; } = 100;

    /// <summary>TUN offloads: GSO super-packets and partial checksums where the kernel accepts them, or none.</summary>
    public Nat64Offload Offload { get; set; } = Nat64Offload.Auto;

    /// <summary>Seconds between statistics log lines (packets, super-packets, GC collections, bytes allocated); 0 for none.</summary>
    public int StatsIntervalSeconds { get; set; }

    /// <summary>Every problem with these settings, in words an operator can act on; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (string.IsNullOrEmpty(Tun))
        {
            errors.Add("nat64: --tun NAME is required.");
        }
        else if (Encoding.UTF8.GetByteCount(Tun) > LinuxTunDevice.MaxNameLength || Tun.Any(c => c == '/' || c == ':' || c == '%' || char.IsWhiteSpace(c) || char.IsControl(c)) || Tun is "." or "..")
        {
            errors.Add($"nat64: --tun '{Tun}' is not a usable interface name (at most {LinuxTunDevice.MaxNameLength} bytes, no '/', ':', '%' or spaces).");
        }
        if (Pool4 is not { } pool)
        {
            errors.Add("nat64: --pool4 CIDR is required.");
        }
        else if (pool.Family != AddressFamily.InterNetwork)
        {
            errors.Add($"nat64: --pool4 {pool} is not an IPv4 prefix.");
        }
        else if (pool.Length < 16)
        {
            errors.Add($"nat64: --pool4 {pool} is larger than a /16.");
        }
        foreach (IpPrefix prefix in Allow)
        {
            if (prefix.Family != AddressFamily.InterNetworkV6)
            {
                errors.Add($"nat64: --allow {prefix} is not an IPv6 prefix.");
            }
            else if (prefix.Overlaps(Prefix.Prefix))
            {
                errors.Add($"nat64: --allow {prefix} overlaps the NAT64 prefix {Prefix}; IPv6 clients live outside it.");
            }
        }
        if (Queues is < 1 or > 64)
        {
            errors.Add($"nat64: --queues {Queues} must be from 1 to 64.");
        }
        if (Mtu is < 1280 or > 65535)
        {
            errors.Add($"nat64: --mtu {Mtu} must be from 1280 (the IPv6 minimum) to 65535.");
        }
        if (TunQueueLength is < MinimumTunQueueLength or > MaximumTunQueueLength)
        {
            errors.Add($"nat64: --tun-queue-length {TunQueueLength} must be from {MinimumTunQueueLength} to {MaximumTunQueueLength}.");
        }
        if (PortQuotaPerClient < 1)
        {
            errors.Add($"nat64: --quota {PortQuotaPerClient} must be at least 1.");
        }
        if (StatsIntervalSeconds is < 0 or > 3600)
        {
            errors.Add($"nat64: --stats-interval {StatsIntervalSeconds} must be from 0 (off) to 3600 seconds.");
        }
        if (!Enum.IsDefined(Offload))
        {
            errors.Add($"nat64: --offload {Offload} must be auto or off.");
        }
        if (IcmpErrorsPerSecond < 0)
        {
            errors.Add($"nat64: the ICMP error rate {IcmpErrorsPerSecond} must not be negative.");
        }
        return errors;
    }
}
