using Gate64.Protocols.Dns;

namespace Gate64.Resolver;

/// <summary>The one DNS stub client shared by DNS64, the ingress and <c>gate64 check</c>.</summary>
public interface IDnsResolver
{
    /// <summary>
    /// Asks the upstreams (or the cache) one question of class IN. The returned message may be
    /// shared with other callers and the cache: treat it as read-only.
    /// </summary>
    public ValueTask<DnsResolution> ResolveAsync(DnsName name, DnsRecordType type, DnsQueryFlags flags = DnsQueryFlags.None, CancellationToken cancellationToken = default);
}
