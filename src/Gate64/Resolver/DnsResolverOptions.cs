using System.Net;

namespace Gate64.Resolver;

/// <summary>Settings of the shared stub resolver.</summary>
public sealed class DnsResolverOptions
{
    /// <summary>Recursive resolvers to ask, in order of preference.</summary>
    public List<IPEndPoint> Upstreams { get; } = [];

    /// <summary>How long one attempt waits for an answer before the next upstream is tried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts per question, spread round-robin over the upstreams.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>Memory the answer cache may use; the least recently used answers go first.</summary>
    public long CacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Upper bound on how long any positive answer is kept.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound on how long a negative answer (NXDOMAIN, NODATA) is kept (RFC 2308 §5).</summary>
    public TimeSpan MaxNegativeTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The EDNS UDP payload size we advertise upstream (DNS flag day 2020).</summary>
    public ushort UdpPayloadSize { get; set; } = 1232;
}
