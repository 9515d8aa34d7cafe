namespace Gate64.Ingress;

/// <summary>The outcome of a backend lookup, with every address seen and its verdict (for logs and <c>gate64 check</c>).</summary>
public sealed record BackendLookupResult(string Name, BackendLookupOutcome Outcome, IReadOnlyList<BackendCandidate> Addresses, string Detail)
{
    /// <summary>The addresses the ingress may connect to, in the order the resolver gave them.</summary>
    public IEnumerable<BackendCandidate> Permitted => Addresses.Where(candidate => candidate.Verdict == BackendVerdict.Permitted);
}
