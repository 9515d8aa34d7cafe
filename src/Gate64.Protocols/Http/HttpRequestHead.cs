namespace Gate64.Protocols.Http;

/// <summary>The parts of an HTTP/1.x request head that the gateway routes on.</summary>
/// <param name="Method">The method token, case-sensitive as sent.</param>
/// <param name="Target">The request-target as sent (origin-form, absolute-form or <c>*</c>).</param>
/// <param name="MinorVersion">0 for HTTP/1.0, 1 for HTTP/1.1 (and for any later 1.x, which RFC 9110 §2.5 says to treat as the highest minor version supported).</param>
/// <param name="Host">
/// The authority's host without the port, as sent (not lower-cased); an IP-literal keeps its brackets. Taken from an
/// absolute-form target when there is one (RFC 9112 §3.2.2), else from the Host header field.
/// </param>
/// <param name="Port">The authority's port, or null when absent or empty.</param>
/// <param name="HeadLength">The number of bytes up to and including the blank line that ends the head.</param>
public sealed record HttpRequestHead(string Method, string Target, int MinorVersion, string Host, int? Port, int HeadLength);
