using System.Net.Sockets;
using Gate64.Protocols.Ip;

namespace Gate64.Nat64.State;

/// <summary>Settings of the RFC 6146 binding and session tables. Defaults are the RFC 6146 §4 values.</summary>
public sealed class Nat64StateOptions
{
    /// <summary>The IPv4 pool, /16 or longer (e.g. 198.51.100.0/30). Every address is usable, network and broadcast included.</summary>
    public required IpPrefix Pool4 { get; init; }

    /// <summary>IPv6 sources allowed to create bindings. Empty means none: the NAT64 is never open by default.</summary>
    public IReadOnlyList<IpPrefix> Allow { get; init; } = [];

    /// <summary>Address-dependent filtering (RFC 4787 REQ-8 option): an IPv4 host may reach a binding only if the client sent to that host's address. Default: endpoint-independent filtering (RFC 6888 REQ-7).</summary>
    public bool AddressDependentFiltering { get; init; }

    /// <summary>BIB entries per IPv6 source address, all protocols together (RFC 6888 REQ-4).</summary>
    public int PortQuotaPerClient { get; init; } = 4096;

    /// <summary>
    /// Sessions per BIB entry. Beyond it a packet is still translated on the binding but creates no session, so a
    /// client (or, with endpoint-independent filtering, IPv4 hosts sending from many addresses) cannot grow the
    /// session table without bound (RFC 6888 REQ-5). No session is ever evicted.
    /// </summary>
    public int MaxSessionsPerBinding { get; init; } = 4096;

    public TimeSpan UdpTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan TcpEstablishedTimeout { get; init; } = TimeSpan.FromMinutes(124);

    public TimeSpan TcpTransitoryTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Lifetime of a session opened by an IPv4 SYN (V4 INIT) until the IPv6 side answers with its SYN.</summary>
    public TimeSpan TcpIncomingSynTimeout { get; init; } = TimeSpan.FromSeconds(6);

    public TimeSpan IcmpTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Lowest pool port for TCP and UDP. ICMP echo identifiers use the full range 0–65535.</summary>
    public ushort MinPort { get; init; } = 1024;

    /// <summary>Highest pool port for TCP and UDP.</summary>
    public ushort MaxPort { get; init; } = 65535;

    /// <summary>Every problem with these settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Pool4.Family != AddressFamily.InterNetwork)
        {
            errors.Add($"The IPv4 pool {Pool4} is not an IPv4 prefix.");
        }
        else if (Pool4.Length < 16)
        {
            errors.Add($"The IPv4 pool {Pool4} is larger than a /16.");
        }
        foreach (IpPrefix prefix in Allow ?? [])
        {
            if (prefix.Family != AddressFamily.InterNetworkV6)
            {
                errors.Add($"The allowed source {prefix} is not an IPv6 prefix.");
            }
        }
        if (PortQuotaPerClient < 1)
        {
            errors.Add($"The port quota per client ({PortQuotaPerClient}) must be at least 1.");
        }
        if (MaxSessionsPerBinding < 1)
        {
            errors.Add($"The session limit per binding ({MaxSessionsPerBinding}) must be at least 1.");
        }
        if (MinPort == 0 || MinPort > MaxPort)
        {
            errors.Add($"The pool port range {MinPort}-{MaxPort} is empty or includes port 0.");
        }
        CheckTimeout(errors, nameof(UdpTimeout), UdpTimeout);
        CheckTimeout(errors, nameof(TcpEstablishedTimeout), TcpEstablishedTimeout);
        CheckTimeout(errors, nameof(TcpTransitoryTimeout), TcpTransitoryTimeout);
        CheckTimeout(errors, nameof(TcpIncomingSynTimeout), TcpIncomingSynTimeout);
        CheckTimeout(errors, nameof(IcmpTimeout), IcmpTimeout);
        return errors;
    }

    private static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{name} ({value}) must be more than zero and at most a day.");
        }
    }
}
