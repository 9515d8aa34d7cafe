using System.Net.Security;
using System.Security.Authentication;

namespace Gate64.Diagnostics;

/// <summary>
/// How a TLS handshake went. The handshake is completed whatever the certificate; its problems
/// are recorded in <see cref="PolicyErrors"/> and <see cref="CertificateProblems"/>.
/// </summary>
internal sealed record TlsProbeResult
{
    /// <summary>True when the handshake completed.</summary>
    public required bool Completed { get; init; }

    /// <summary>Why the handshake did not complete, in plain words; empty when it did.</summary>
    public string Error { get; init; } = string.Empty;

    public SslProtocols Protocol { get; init; }

    /// <summary>What certificate validation against the system's trust store found.</summary>
    public SslPolicyErrors PolicyErrors { get; init; }

    /// <summary>The chain problems behind <see cref="SslPolicyErrors.RemoteCertificateChainErrors"/>, in plain words.</summary>
    public IReadOnlyList<string> CertificateProblems { get; init; } = [];

    /// <summary>The names the server's certificate is for (subject alternative names, else the common name).</summary>
    public IReadOnlyList<string> CertificateNames { get; init; } = [];

    public DateTimeOffset? CertificateNotAfter { get; init; }
}
