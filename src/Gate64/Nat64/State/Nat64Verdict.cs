namespace Gate64.Nat64.State;

/// <summary>What the state table decided about a packet.</summary>
public enum Nat64Verdict
{
    /// <summary>Translate with the returned addresses and ports.</summary>
    Forward,

    /// <summary>6→4: the IPv6 source is not in the allow list. Drop (the NAT64 is never open to everyone).</summary>
    NotAllowed,

    /// <summary>4→6 with no BIB entry for the destination: drop, ICMPv4 destination unreachable, address unreachable (RFC 6146 §3.5.1.1).</summary>
    NoBinding,

    /// <summary>4→6 refused by address-dependent filtering: drop, ICMPv4 communication administratively prohibited (type 3 code 13).</summary>
    Filtered,

    /// <summary>6→4 needs a new binding but the client holds <see cref="Nat64StateOptions.PortQuotaPerClient"/> already (RFC 6888 REQ-4): drop, ICMPv6 destination unreachable.</summary>
    QuotaExceeded,

    /// <summary>6→4 needs a new binding but no pool port is free (RFC 6888 REQ-11: drop, never evict): ICMPv6 destination unreachable.</summary>
    PoolExhausted,

    /// <summary>
    /// Silently discard, no ICMP error: a TCP packet that is not a SYN for a connection with no state and no binding
    /// (RFC 6146 §3.5.2.2, CLOSED state), e.g. a segment of a connection from before a restart.
    /// </summary>
    Dropped,
}
