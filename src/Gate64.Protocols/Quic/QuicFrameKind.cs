namespace Gate64.Protocols.Quic;

/// <summary>The frames a client may put in an Initial packet (RFC 9000 §12.4, Table 3).</summary>
public enum QuicFrameKind
{
    /// <summary>One or more PADDING bytes (type 0x00), reported as one frame.</summary>
    Padding,

    /// <summary>PING (0x01).</summary>
    Ping,

    /// <summary>ACK (0x02, or 0x03 with ECN counts).</summary>
    Ack,

    /// <summary>CRYPTO (0x06): a piece of the TLS handshake stream at an offset.</summary>
    Crypto,

    /// <summary>CONNECTION_CLOSE of the QUIC layer (0x1c): the client gives up the connection.</summary>
    ConnectionClose,
}
