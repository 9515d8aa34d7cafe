using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Gate64.Diagnostics;

/// <summary>What certificate validation found during a TLS probe, in words a customer understands.</summary>
internal sealed class CertificateFindings
{
    public SslPolicyErrors PolicyErrors { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IReadOnlyList<string> Names { get; private set; } = [];

    public DateTimeOffset? NotAfter { get; private set; }

    /// <summary>Called from the validation callback: the chain is disposed after it returns, so everything is copied.</summary>
    /// <param name="certificate">The server's certificate, if it sent one.</param>
    /// <param name="chain">The chain that was built to validate it.</param>
    /// <param name="policyErrors">What validation found.</param>
    public void Record(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors policyErrors)
    {
        PolicyErrors = policyErrors;
        if (certificate is X509Certificate2 server)
        {
            NotAfter = new DateTimeOffset(server.NotAfter);
            Names = NamesOf(server);
        }
        List<string> problems = [];
        if (policyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problems.Add("the server sent no certificate");
        }
        if (policyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            X509ChainStatusFlags flags = X509ChainStatusFlags.NoError;
            foreach (X509ChainStatus status in chain?.ChainStatus ?? [])
            {
                flags |= status.Status;
            }
            problems.AddRange(Describe(flags, NotAfter));
            if (problems.Count == 0)
            {
                problems.Add("it is not trusted");
            }
        }
        Problems = problems;
    }

    private static string[] NamesOf(X509Certificate2 certificate)
    {
        List<string> names = [];
        foreach (X509SubjectAlternativeNameExtension alternativeNames in certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>())
        {
            names.AddRange(alternativeNames.EnumerateDnsNames());
            names.AddRange(alternativeNames.EnumerateIPAddresses().Select(address => address.ToString()));
        }
        if (names.Count == 0 && certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } commonName)
        {
            names.Add(commonName);
        }
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static IEnumerable<string> Describe(X509ChainStatusFlags flags, DateTimeOffset? notAfter)
    {
        if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
        {
            yield return notAfter is { } expiry && expiry < DateTimeOffset.UtcNow
                ? $"it expired on {expiry.UtcDateTime:yyyy-MM-dd}"
                : "it is not valid yet (or the clock is wrong)";
        }
        if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot))
        {
            yield return "it is not issued by a trusted certificate authority (self-signed or a private CA)";
        }
        if (flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            yield return "its chain is incomplete (the server must also send the intermediate certificates)";
        }
        if (flags.HasFlag(X509ChainStatusFlags.Revoked))
        {
            yield return "it has been revoked";
        }
        if (flags.HasFlag(X509ChainStatusFlags.NotSignatureValid))
        {
            yield return "its signature is not valid";
        }
        if (flags.HasFlag(X509ChainStatusFlags.NotValidForUsage) || flags.HasFlag(X509ChainStatusFlags.InvalidExtension))
        {
            yield return "it is not meant for TLS servers";
        }
    }
}
