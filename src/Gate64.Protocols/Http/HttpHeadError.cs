namespace Gate64.Protocols.Http;

/// <summary>Why a request head was refused. Each maps to a short explanatory HTTP error page.</summary>
public enum HttpHeadError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The request line is not <c>METHOD SP request-target SP HTTP/1.x</c> (RFC 9112 §3), or the bytes are not HTTP at all.</summary>
    NotHttp,

    /// <summary>An HTTP version other than 1.x: the HTTP/2 prior-knowledge preface <c>PRI * HTTP/2.0</c>, HTTP/0.9, HTTP/2 and later.</summary>
    UnsupportedVersion,

    /// <summary>No Host header field and no authority in the request target (RFC 9112 §3.2).</summary>
    MissingHost,

    /// <summary>More than one Host header field line (RFC 9112 §3.2).</summary>
    DuplicateHost,

    /// <summary>A CONNECT request: the gateway is not a forward proxy.</summary>
    ConnectNotAllowed,

    /// <summary>The authority is empty, has characters outside RFC 3986 reg-name or IP-literal, a bad port, userinfo or percent-encoding.</summary>
    InvalidHost,

    /// <summary>The head did not end within the size cap.</summary>
    HeaderTooLarge,

    /// <summary>A header line is not <c>field-name ":" OWS field-value OWS</c>: obs-fold, no colon, whitespace before the colon, bare CR or another control byte (RFC 9112 §5).</summary>
    InvalidHeader,
}
