namespace Gate64.Resolver;

/// <summary>DNSSEC-related query bits that change the answer and so are part of the cache key.</summary>
[Flags]
public enum DnsQueryFlags : byte
{
    None = 0,

    /// <summary>EDNS DO: the client wants DNSSEC records.</summary>
    DnssecOk = 1,

    /// <summary>Header CD: the client validates itself.</summary>
    CheckingDisabled = 2,
}
