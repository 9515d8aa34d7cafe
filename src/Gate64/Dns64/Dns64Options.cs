using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Dns64;

/// <summary>Settings of the DNS64 server (RFC 6147).</summary>
public sealed class Dns64Options
{
    /// <summary>Where to answer, on UDP and TCP alike.</summary>
    public List<IPEndPoint> Listen { get; } = [];

    /// <summary>The Pref64::/n that synthesized AAAA records point into.</summary>
    public Nat64Prefix Prefix { get; set; } = Nat64Prefix.WellKnown;

    /// <summary>Clients that may ask; everybody else gets REFUSED. Empty: nobody (never an open resolver).</summary>
    public List<IpPrefix> Allow { get; } = [];

    /// <summary>AAAA records inside these ranges count as absent (RFC 6147 §5.1.4).</summary>
    public List<IpPrefix> Exclude { get; } = [IpPrefix.Parse("::ffff:0:0/96")];

    /// <summary>Memory the cache of ready answers may use.</summary>
    public long ResponseCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Questions waiting for upstream answers at once; beyond it, queries get SERVFAIL.</summary>
    public int MaxPendingQueries { get; set; } = 4096;

    /// <summary>Open DNS-over-TCP connections at once; beyond it, new ones are closed.</summary>
    public int MaxTcpConnections { get; set; } = 512;

    /// <summary>A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Every problem with these settings, in words an operator can act on; empty when they are valid.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Listen.Count == 0)
        {
            errors.Add("dns64: at least one --listen address is required.");
        }
        foreach (IpPrefix excluded in Exclude)
        {
            if (excluded.Family != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                errors.Add($"dns64: --exclude {excluded} is not an IPv6 prefix.");
            }
            else if (excluded.Contains(Prefix.Prefix))
            {
                errors.Add($"dns64: --exclude {excluded} covers the NAT64 prefix {Prefix}; nothing could ever be synthesized.");
            }
        }
        if (MaxPendingQueries <= 0 || MaxTcpConnections <= 0 || ResponseCacheBytes <= 0 || TcpIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add("dns64: limits must be positive.");
        }
        return errors;
    }
}
