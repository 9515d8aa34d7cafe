namespace Gate64.Ingress.Quic;

/// <summary>How the relay loop's turn at a flow's readable backend socket ended.</summary>
internal enum QuicBackendTurn
{
    /// <summary>A datagram or burst went on to the client (or was dropped and counted): the flow lives.</summary>
    Relayed,

    /// <summary>Nothing was waiting after all (a wake-up for data another turn took).</summary>
    Empty,

    /// <summary>ICMP port unreachable: nothing listens at the backend.</summary>
    Unreachable,

    /// <summary>The socket failed otherwise: the flow ends.</summary>
    Failed,
}
