namespace Gate64.Protocols.Tls;

/// <summary>What the gateway needs from a TLS ClientHello (RFC 8446 §4.1.2) to route the connection without terminating TLS.</summary>
/// <param name="ServerName">
/// The host_name of the server_name extension (RFC 6066 §3) exactly as sent, printable ASCII, not normalised; null when the
/// hello has no server_name extension.
/// </param>
/// <param name="ApplicationProtocols">The ALPN protocol names (RFC 7301) in the client's order, one char per byte (Latin-1); empty if none.</param>
/// <param name="HasEncryptedClientHello">
/// True when the encrypted_client_hello extension (0xfe0d) is present. <paramref name="ServerName"/> is then the outer
/// (public) name of the ECH configuration; the inner name cannot be read without the ECH key.
/// </param>
/// <param name="LegacyVersion">The legacy_version field of the hello (0x0303 for TLS 1.2 and 1.3).</param>
/// <param name="RecordBytes">
/// The number of bytes, record headers included, of the TLS records that carried the hello. Bytes after them are other
/// data (ChangeCipherSpec, early data) that must be forwarded verbatim.
/// </param>
public sealed record ClientHello(
    string? ServerName,
    IReadOnlyList<string> ApplicationProtocols,
    bool HasEncryptedClientHello,
    ushort LegacyVersion,
    int RecordBytes);
