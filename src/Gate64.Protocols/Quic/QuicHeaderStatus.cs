namespace Gate64.Protocols.Quic;

/// <summary>The outcome of <see cref="QuicLongHeader.TryParse"/>.</summary>
public enum QuicHeaderStatus
{
    /// <summary>A long header of a supported version (or a Version Negotiation packet) that fits in the datagram.</summary>
    Valid,

    /// <summary>The first bit is clear: a short-header (1-RTT) packet, or not QUIC at all.</summary>
    NotLongHeader,

    /// <summary>
    /// A long header of a version the gateway does not know. Only the version-independent fields (RFC 8999 §5.1: version and
    /// connection IDs) are filled in.
    /// </summary>
    UnsupportedVersion,

    /// <summary>The bytes break the header rules or end inside the packet.</summary>
    Malformed,
}
