using System.Diagnostics.Metrics;

namespace Gate64.Dns64;

/// <summary>What the DNS64 server did, for the host's metrics endpoint.</summary>
internal sealed class Dns64Metrics
{
    public const string MeterName = "Gate64.Dns64";

    private readonly Counter<long> _queries;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _synthesized;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _refused;

    public Dns64Metrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        _queries = meter.CreateCounter<long>("gate64.dns64.queries", description: "Queries received, by transport.");
        _cacheHits = meter.CreateCounter<long>("gate64.dns64.cache.hits", description: "Queries answered from the cache of ready answers.");
        _synthesized = meter.CreateCounter<long>("gate64.dns64.synthesized", description: "Answers with AAAA or PTR records synthesized from IPv4 data.");
        _dropped = meter.CreateCounter<long>("gate64.dns64.dropped", description: "Messages dropped unanswered, by reason.");
        _refused = meter.CreateCounter<long>("gate64.dns64.refused", description: "Queries refused because the client is not allowed.");
    }

    public void Query(string transport) => _queries.Add(1, new KeyValuePair<string, object?>("transport", transport));

    public void CacheHit() => _cacheHits.Add(1);

    public void Synthesized(string kind) => _synthesized.Add(1, new KeyValuePair<string, object?>("type", kind));

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Refused() => _refused.Add(1);
}
