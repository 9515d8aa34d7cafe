using Gate64.Protocols.Dns;
using Gate64.Resolver;

namespace Gate64.Ingress;

/// <summary>
/// Finds where a site lives: its AAAA records (never A, which points at the gateway itself),
/// each judged by the <see cref="BackendPolicy"/>. Shared by the ingress and <c>gate64 check</c>.
/// </summary>
public sealed class BackendLookup
{
    private readonly IDnsResolver _resolver;
    private readonly BackendPolicy _policy;

    public BackendLookup(IDnsResolver resolver, BackendPolicy policy)
    {
        _resolver = resolver;
        _policy = policy;
    }

    public BackendPolicy Policy => _policy;

    /// <param name="name">A normalised host name (see <c>HostName.TryNormalize</c>).</param>
    /// <param name="cancellationToken">Cancels the wait, not the shared upstream query.</param>
    public ValueTask<BackendLookupResult> LookupAsync(string name, CancellationToken cancellationToken) =>
        LookupAsync(name, _policy, cancellationToken);

    /// <summary>Judges the AAAA records by <paramref name="policy"/>: the one in force when the connection came (it changes on reload).</summary>
    /// <param name="name">A normalised host name (see <c>HostName.TryNormalize</c>).</param>
    /// <param name="policy">Which addresses are permitted backends.</param>
    /// <param name="cancellationToken">Cancels the wait, not the shared upstream query.</param>
    public async ValueTask<BackendLookupResult> LookupAsync(string name, BackendPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!DnsName.TryParse(name, out DnsName? dnsName))
        {
            return new BackendLookupResult(name, BackendLookupOutcome.NxDomain, [], "the name is not a valid DNS name");
        }
        DnsResolution resolution = await _resolver.ResolveAsync(dnsName, DnsRecordType.AAAA, DnsQueryFlags.None, cancellationToken).ConfigureAwait(false);
        if (!resolution.Succeeded)
        {
            return new BackendLookupResult(name, BackendLookupOutcome.DnsFailure, [], $"the resolvers did not answer ({resolution.Error.ToString().ToLowerInvariant()})");
        }
        DnsMessage answer = resolution.Response;
        switch (answer.ResponseCode)
        {
            case DnsResponseCode.NXDomain:
                return new BackendLookupResult(name, BackendLookupOutcome.NxDomain, [], "the name does not exist (NXDOMAIN)");
            case DnsResponseCode.NoError:
                break;
            default:
                return new BackendLookupResult(name, BackendLookupOutcome.DnsFailure, [], $"the resolvers answered {answer.ResponseCode.ToString().ToUpperInvariant()}");
        }

        List<BackendCandidate> candidates = [];
        foreach (DnsResourceRecord record in answer.Answers)
        {
            // The upstream resolver follows CNAME chains; every AAAA in the answer belongs to the chain.
            if (record.Type == DnsRecordType.AAAA && DnsRdata.TryGetAddress(record, out System.Net.IPAddress? address))
            {
                BackendVerdict verdict = policy.Evaluate(address, out PermittedPrefix permittedBy);
                candidates.Add(new BackendCandidate(address, verdict, permittedBy));
            }
        }
        if (candidates.Count == 0)
        {
            return new BackendLookupResult(name, BackendLookupOutcome.NoAaaa, candidates, "the name has no AAAA record");
        }
        if (!candidates.Exists(candidate => candidate.Verdict == BackendVerdict.Permitted))
        {
            string seen = string.Join(", ", candidates.Select(candidate => $"{candidate.Address} ({Describe(candidate.Verdict)})"));
            return new BackendLookupResult(name, BackendLookupOutcome.NotPermitted, candidates, $"its AAAA records are not permitted backends: {seen}");
        }
        return new BackendLookupResult(name, BackendLookupOutcome.Found, candidates, string.Empty);
    }

    public static string Describe(BackendVerdict verdict) => verdict switch
    {
        BackendVerdict.Permitted => "permitted",
        BackendVerdict.NotInPermittedPrefix => "outside the permitted prefixes",
        BackendVerdict.Unspecified => "the unspecified address",
        BackendVerdict.Loopback => "loopback",
        BackendVerdict.LinkLocal => "link-local",
        BackendVerdict.Multicast => "multicast",
        BackendVerdict.Ipv4Mapped => "IPv4-mapped",
        BackendVerdict.Nat64Prefix => "inside a NAT64 prefix",
        BackendVerdict.GatewayAddress => "the gateway's own address",
        BackendVerdict.NotIpv6 => "not IPv6",
        _ => verdict.ToString(),
    };
}
