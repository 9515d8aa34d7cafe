using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gate64.Tests.Diagnostics;

/// <summary>Self-signed server certificates made in memory.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 SelfSigned(string dnsName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        DateTimeOffset start = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        DateTimeOffset end = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        return request.CreateSelfSigned(start, end);
    }
}
