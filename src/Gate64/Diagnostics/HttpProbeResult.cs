namespace Gate64.Diagnostics;

/// <summary>Whether an HTTP/1.1 request got an answer.</summary>
/// <param name="Responded">True when the server answered with an HTTP status line, whatever the status.</param>
/// <param name="StatusLine">The status line (e.g. <c>HTTP/1.1 404 Not Found</c>) when it responded.</param>
/// <param name="Error">Why there was no HTTP answer, in plain words; empty when it responded.</param>
internal sealed record HttpProbeResult(bool Responded, string? StatusLine, string Error);
