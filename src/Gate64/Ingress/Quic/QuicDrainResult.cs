namespace Gate64.Ingress.Quic;

/// <summary>How one pass over a backend socket's waiting datagrams ended.</summary>
internal enum QuicDrainResult
{
    /// <summary>Nothing more is waiting.</summary>
    Drained,

    /// <summary>The pass stopped at its limit with more waiting.</summary>
    More,

    /// <summary>ICMP port unreachable: nothing listens at the backend.</summary>
    Unreachable,

    /// <summary>The socket failed otherwise: the flow ends.</summary>
    Failed,
}
