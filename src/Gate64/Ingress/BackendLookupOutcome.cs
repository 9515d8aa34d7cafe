namespace Gate64.Ingress;

/// <summary>What looking up a site's backend found.</summary>
public enum BackendLookupOutcome
{
    /// <summary>At least one AAAA record points into a permitted prefix.</summary>
    Found,

    /// <summary>The name does not exist.</summary>
    NxDomain,

    /// <summary>The name exists but has no AAAA record: the most common customer mistake.</summary>
    NoAaaa,

    /// <summary>No usable answer from the resolvers (timeout, SERVFAIL, …).</summary>
    DnsFailure,

    /// <summary>AAAA records exist, but none may be a backend.</summary>
    NotPermitted,
}
