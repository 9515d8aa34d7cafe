using Gate64.Protocols.Ip;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gate64.Bgp;

/// <summary>
/// Which health-gated service prefixes may be announced now. Each service named by a prefix has a
/// <see cref="ServiceHealthGate"/>; a prefix is announced while the gate of every service it is
/// listed with is open. Only Healthy opens a gate: Degraded and Unhealthy count as failures, and so
/// does a service missing from the report.
/// </summary>
internal sealed class ServicePrefixGate
{
    private readonly IReadOnlyList<HealthGatedPrefix> _prefixes;
    private readonly Dictionary<string, ServiceHealthGate> _gates = new(StringComparer.Ordinal);

    public ServicePrefixGate(IReadOnlyList<HealthGatedPrefix> prefixes, int failuresToWithdraw)
    {
        _prefixes = prefixes;
        foreach (HealthGatedPrefix prefix in prefixes)
        {
            if (!_gates.ContainsKey(prefix.Service))
            {
                _gates[prefix.Service] = new ServiceHealthGate(prefix.Service, failuresToWithdraw);
            }
        }
    }

    /// <summary>The health checks that gate prefixes.</summary>
    public IReadOnlyCollection<string> Services => _gates.Keys;

    /// <summary>The gated prefixes that may be announced now.</summary>
    public IReadOnlyList<IpPrefix> Announced =>
        [.. _prefixes.GroupBy(p => p.Prefix).Where(g => g.All(p => _gates[p.Service].IsOpen)).Select(g => g.Key)];

    public bool IsOpen(string service) => _gates.TryGetValue(service, out ServiceHealthGate? gate) && gate.IsOpen;

    /// <summary>The prefixes gated by <paramref name="service"/>.</summary>
    public IEnumerable<IpPrefix> PrefixesOf(string service) => _prefixes.Where(p => p.Service == service).Select(p => p.Prefix);

    /// <summary>Feeds one round of results to every gate; returns one entry per service, saying whether its gate moved.</summary>
    public IReadOnlyList<ServiceGateChange> Apply(HealthReport report)
    {
        List<ServiceGateChange> changes = new(_gates.Count);
        foreach (ServiceHealthGate gate in _gates.Values)
        {
            HealthStatus status;
            string? description;
            if (report.Entries.TryGetValue(gate.Service, out HealthReportEntry entry))
            {
                status = entry.Status;
                description = entry.Description ?? entry.Exception?.Message;
            }
            else
            {
                status = HealthStatus.Unhealthy;
                description = $"no result from a health check named '{gate.Service}'";
            }
            bool moved = gate.Observe(status == HealthStatus.Healthy);
            changes.Add(new ServiceGateChange(gate.Service, status, description, gate.Failures, moved ? gate.IsOpen : null));
        }
        return changes;
    }
}
