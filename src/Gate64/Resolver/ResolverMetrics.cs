using System.Diagnostics.Metrics;

namespace Gate64.Resolver;

/// <summary>Counters of the shared resolver (exported by the host's metrics endpoint).</summary>
internal sealed class ResolverMetrics
{
    public const string MeterName = "Gate64.Resolver";

    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _coalesced;
    private readonly Counter<long> _upstreamQueries;
    private readonly Counter<long> _upstreamFailures;

    public ResolverMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _cacheHits = meter.CreateCounter<long>("gate64.resolver.cache.hits", description: "Questions answered from the cache.");
        _cacheMisses = meter.CreateCounter<long>("gate64.resolver.cache.misses", description: "Questions not in the cache.");
        _coalesced = meter.CreateCounter<long>("gate64.resolver.coalesced", description: "Questions that joined an identical question already in flight.");
        _upstreamQueries = meter.CreateCounter<long>("gate64.resolver.upstream.queries", description: "Queries sent to upstream resolvers.");
        _upstreamFailures = meter.CreateCounter<long>("gate64.resolver.upstream.failures", description: "Upstream attempts that failed, by reason.");
    }

    public void CacheHit() => _cacheHits.Add(1);

    public void CacheMiss() => _cacheMisses.Add(1);

    public void Coalesced() => _coalesced.Add(1);

    public void UpstreamQuery() => _upstreamQueries.Add(1);

    public void UpstreamFailure(DnsResolutionError error) =>
        _upstreamFailures.Add(1, new KeyValuePair<string, object?>("reason", error.ToString().ToLowerInvariant()));
}
