namespace Gate64.Protocols.Tls;

/// <summary>The alert descriptions the gateway sends (RFC 8446 §6).</summary>
public enum TlsAlertDescription : byte
{
    /// <summary>Orderly closure (RFC 8446 §6.1); written with level warning.</summary>
    CloseNotify = 0,

    /// <summary>No acceptable set of parameters.</summary>
    HandshakeFailure = 40,

    /// <summary>The ClientHello could not be parsed.</summary>
    DecodeError = 50,

    /// <summary>A failure on our side (resolver down, backend unreachable).</summary>
    InternalError = 80,

    /// <summary>No backend for the server name (RFC 6066 §3); browsers show ERR_SSL_UNRECOGNIZED_NAME_ALERT.</summary>
    UnrecognizedName = 112,
}
