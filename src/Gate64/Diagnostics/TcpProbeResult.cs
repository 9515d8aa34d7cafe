namespace Gate64.Diagnostics;

/// <summary>Whether a TCP connection could be made.</summary>
/// <param name="Connected">True when the three-way handshake completed.</param>
/// <param name="Elapsed">How long connecting took (or how long was waited).</param>
/// <param name="Error">Why not, in plain words (e.g. "refused the connection"); empty when connected.</param>
internal sealed record TcpProbeResult(bool Connected, TimeSpan Elapsed, string Error);
