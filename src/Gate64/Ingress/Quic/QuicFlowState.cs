namespace Gate64.Ingress.Quic;

/// <summary>Where a QUIC flow is in its life.</summary>
internal enum QuicFlowState
{
    /// <summary>Reading the ClientHello out of the client's Initials; datagrams are buffered.</summary>
    Sniffing,

    /// <summary>The hello is complete and the backend is being looked up; datagrams are still buffered.</summary>
    Routing,

    /// <summary>Datagrams go straight through, both ways.</summary>
    Relaying,

    /// <summary>Refused: held for a while so that the client's retransmissions are dropped, not examined again.</summary>
    Refused,

    /// <summary>Ended; about to leave the flow table.</summary>
    Closed,
}
