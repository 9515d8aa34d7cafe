namespace Gate64.Protocols.Quic;

/// <summary>
/// The kind of a long-header packet, whatever the version's wire encoding of it (QUIC v2 renumbers the type bits,
/// RFC 9369 §3.2).
/// </summary>
public enum QuicPacketType
{
    /// <summary>Carries the first CRYPTO data, protected with keys derived from the client's Destination Connection ID.</summary>
    Initial,

    /// <summary>Early application data from a client resuming a session.</summary>
    ZeroRtt,

    /// <summary>The rest of the TLS handshake.</summary>
    Handshake,

    /// <summary>A server's request that the client prove its address (RFC 9000 §17.2.5).</summary>
    Retry,

    /// <summary>A server's list of the versions it supports (version field 0, RFC 9000 §17.2.1).</summary>
    VersionNegotiation,
}
