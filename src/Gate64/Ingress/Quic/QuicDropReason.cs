namespace Gate64.Ingress.Quic;

/// <summary>Why a client datagram was not relayed (counted, never logged one by one: floods must stay cheap).</summary>
internal enum QuicDropReason
{
    /// <summary>A datagram of no known flow that is not a QUIC long header.</summary>
    NotQuic,

    /// <summary>A long header of a version the gateway cannot read.</summary>
    UnsupportedVersion,

    /// <summary>A long header of no known flow that is not an Initial (0-RTT, Handshake without a flow, …).</summary>
    NotInitial,

    /// <summary>An Initial of no known flow in a datagram under 1,200 bytes (RFC 9000 §14.1).</summary>
    ShortInitial,

    /// <summary>An Initial-shaped datagram that does not open with the keys of its own DCID: junk.</summary>
    Unauthenticated,

    /// <summary>A datagram for a flow still being routed that does not belong to its connection.</summary>
    Foreign,

    /// <summary>The flow table is full.</summary>
    FlowLimit,

    /// <summary>The buffers for flows still being routed are full.</summary>
    BufferLimit,

    /// <summary>A datagram of a flow that was refused (its client still retransmits).</summary>
    RefusedFlow,

    /// <summary>A backend datagram larger than the relay buffer.</summary>
    Oversize,

    /// <summary>The kernel would not send a relayed datagram (send buffer full, ICMP error pending): UDP may lose it, QUIC resends.</summary>
    SendFailed,

    /// <summary>Handling the datagram failed unexpectedly (a bug: logged, at most once a second).</summary>
    Error,
}
