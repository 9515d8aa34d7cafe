namespace Gate64.Nat64;

/// <summary>Why the datapath dropped a packet before or instead of translating it (translator drops are counted by their own reason).</summary>
internal enum Nat64DropReason
{
    /// <summary>Not to the NAT64 prefix or the pool: neighbour discovery, MLD, router solicitations, stray routes.</summary>
    NotForUs,

    /// <summary>Not a valid IP packet, or its transport header is cut short.</summary>
    Malformed,

    /// <summary>The embedded IPv4 destination is 0/8, loopback, multicast or broadcast (or not global under 64:ff9b::/96).</summary>
    BadDestination,

    /// <summary>
    /// A fragment of a hairpinned datagram (to a pool address inside the prefix): fragments are mapped to their flow
    /// between the two families only, not through 6→4→6.
    /// </summary>
    Fragment,

    /// <summary>A protocol other than TCP, UDP, ICMP echo and ICMP errors.</summary>
    UnsupportedProtocol,

    /// <summary>The IPv6 source is not in the allow list.</summary>
    NotAllowed,

    /// <summary>An IPv4 packet to a pool address and port no client holds.</summary>
    NoBinding,

    /// <summary>Refused by address-dependent filtering.</summary>
    Filtered,

    /// <summary>The client holds its whole port quota.</summary>
    QuotaExceeded,

    /// <summary>No pool port is free.</summary>
    PoolExhausted,

    /// <summary>The TCP state machine discards it (not a SYN, no state).</summary>
    StateDropped,

    /// <summary>An ICMP error about a flow with no binding.</summary>
    IcmpErrorWithoutBinding,

    /// <summary>An ICMP error travelling between two IPv6 clients through the pool.</summary>
    HairpinIcmpError,

    /// <summary>The kernel refused the translated packet.</summary>
    WriteFailed,

    /// <summary>A frame from a TUN with offloads whose virtio header is cut short, or whose partial checksum lies outside the packet.</summary>
    BadOffloadHeader,

    /// <summary>
    /// A fragment that could not wait for its first fragment (or, for an echo's first fragment, its last): its
    /// datagram held the most fragments allowed or the hold memory was full; also fragments held by a datagram evicted
    /// to make room for a newer one.
    /// </summary>
    FragmentOverflow,

    /// <summary>A held fragment whose datagram's first (or last) fragment did not come before the fragment timeout.</summary>
    FragmentTimeout,

    /// <summary>A fragment of a datagram whose first fragment was refused (not allowed, no binding, untranslatable, …).</summary>
    FragmentRefused,
}
