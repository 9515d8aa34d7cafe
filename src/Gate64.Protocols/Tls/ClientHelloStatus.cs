namespace Gate64.Protocols.Tls;

/// <summary>The outcome of <see cref="ClientHelloParser.TryParse"/>.</summary>
public enum ClientHelloStatus
{
    /// <summary>Everything so far is consistent with a ClientHello; more bytes are needed.</summary>
    Incomplete,

    /// <summary>A whole ClientHello was read and validated.</summary>
    Complete,

    /// <summary>The first byte is not 0x16 (a TLS handshake record): plain HTTP, SSLv2-compatible hello, another protocol.</summary>
    NotTls,

    /// <summary>The bytes are TLS-like but break the record or ClientHello rules; the error text says which.</summary>
    Malformed,

    /// <summary>The handshake message, or the records carrying it, exceed the configured cap.</summary>
    TooLarge,
}
