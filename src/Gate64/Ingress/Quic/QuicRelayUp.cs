namespace Gate64.Ingress.Quic;

/// <summary>What became of a client datagram offered to a flow's backend socket.</summary>
internal enum QuicRelayUp
{
    /// <summary>The flow is not relaying (yet, or any more): the datagram is the listener's to handle.</summary>
    NotRelaying,

    /// <summary>Sent to the backend.</summary>
    Sent,

    /// <summary>Not sent (a full send buffer): lost, as UDP may lose any datagram; the flow lives.</summary>
    Dropped,

    /// <summary>The send reported an ICMP port unreachable: nothing listens at the backend.</summary>
    BackendUnreachable,
}
