using System.Globalization;
using System.Text;
using Gate64.Protocols.Tls;

namespace Gate64.Ingress;

/// <summary>
/// What a refused client is told: HTTP clients a short plain-text page with a fitting status,
/// TLS clients the fitting fatal alert (the only thing a proxy that does not terminate TLS can say).
/// </summary>
internal static class RefusalResponse
{
    public static string Slug(IngressRefusal refusal) => refusal switch
    {
        IngressRefusal.MalformedRequest => "malformed_request",
        IngressRefusal.NoServerName => "no_server_name",
        IngressRefusal.InvalidName => "invalid_name",
        IngressRefusal.ConnectNotAllowed => "connect_not_allowed",
        IngressRefusal.RequestTooLarge => "request_too_large",
        IngressRefusal.ClientTimeout => "client_timeout",
        IngressRefusal.NxDomain => "nxdomain",
        IngressRefusal.NoAaaa => "no_aaaa",
        IngressRefusal.DnsFailure => "dns_failure",
        IngressRefusal.NotPermitted => "not_permitted",
        IngressRefusal.BackendRefused => "backend_refused",
        IngressRefusal.BackendTimeout => "backend_timeout",
        IngressRefusal.TooManyConnections => "too_many_connections",
        _ => "other",
    };

    public static TlsAlertDescription Alert(IngressRefusal refusal) => refusal switch
    {
        IngressRefusal.NoServerName or IngressRefusal.InvalidName or IngressRefusal.NxDomain
            or IngressRefusal.NoAaaa or IngressRefusal.NotPermitted => TlsAlertDescription.UnrecognizedName,
        IngressRefusal.MalformedRequest or IngressRefusal.RequestTooLarge => TlsAlertDescription.DecodeError,
        _ => TlsAlertDescription.InternalError,
    };

    public static (int Status, string Phrase) HttpStatus(IngressRefusal refusal) => refusal switch
    {
        IngressRefusal.MalformedRequest or IngressRefusal.NoServerName or IngressRefusal.InvalidName => (400, "Bad Request"),
        IngressRefusal.ConnectNotAllowed => (405, "Method Not Allowed"),
        IngressRefusal.ClientTimeout => (408, "Request Timeout"),
        IngressRefusal.RequestTooLarge => (431, "Request Header Fields Too Large"),
        IngressRefusal.BackendTimeout => (504, "Gateway Timeout"),
        IngressRefusal.TooManyConnections => (503, "Service Unavailable"),
        _ => (502, "Bad Gateway"),
    };

    /// <summary>One sentence a customer can act on, naming the site.</summary>
    public static string Explain(IngressRefusal refusal, string? name, string detail)
    {
        string site = string.IsNullOrEmpty(name) ? "The site" : name;
        return refusal switch
        {
            IngressRefusal.NxDomain => $"{site} does not exist (NXDOMAIN).",
            IngressRefusal.NoAaaa => $"{site} has no AAAA record. IPv4 visitors reach a site through this gateway only when its IPv6 address is published in an AAAA record.",
            IngressRefusal.DnsFailure => $"{site} could not be resolved: {detail}.",
            IngressRefusal.NotPermitted => $"{site} is not hosted here: {detail}.",
            IngressRefusal.BackendRefused => $"{site} refused the connection ({detail}).",
            IngressRefusal.BackendTimeout => $"{site} did not answer in time ({detail}).",
            IngressRefusal.NoServerName => "The request names no site (no Host header or TLS server name).",
            IngressRefusal.InvalidName => $"'{name}' is not a host name this gateway can route ({detail}).",
            IngressRefusal.ConnectNotAllowed => "CONNECT is not allowed: this gateway is not a forward proxy.",
            IngressRefusal.RequestTooLarge => "The request head is too large.",
            IngressRefusal.ClientTimeout => "The request was not received in time.",
            IngressRefusal.TooManyConnections => "The gateway is at its connection limit; try again shortly.",
            _ => $"The request could not be understood ({detail}).",
        };
    }

    public static byte[] HttpPage(IngressRefusal refusal, string? name, string detail)
    {
        (int status, string phrase) = HttpStatus(refusal);
        string body = $"{status} {phrase}\n\n{Explain(refusal, name, detail)}\n\n-- gate64 ingress\n";
        int bodyLength = Encoding.UTF8.GetByteCount(body);
        string head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bodyLength}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n");
        return Encoding.UTF8.GetBytes(head + body);
    }
}
