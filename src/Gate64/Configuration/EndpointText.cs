using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Configuration;

/// <summary>Parses the <c>ADDR:PORT</c> form of the CLI contract: <c>192.0.2.1:53</c> or <c>[2001:db8::1]:53</c>.</summary>
public static class EndpointText
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        int colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0)
        {
            error = $"'{text}' is not ADDR:PORT (for IPv6: [ADDR]:PORT).";
            return false;
        }
        string host = text[..colon];
        bool bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed)
        {
            host = host[1..^1];
        }
        bool isIpv6 = host.Contains(':', StringComparison.Ordinal);
        if (!IpAddressText.TryParse(host, out IPAddress? address) || isIpv6 != bracketed)
        {
            error = $"'{text}' is not ADDR:PORT: '{host}' is not a dotted-quad IPv4 address or a bracketed IPv6 address.";
            return false;
        }
        if (!ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
        {
            error = $"'{text}' is not ADDR:PORT: the port must be a number from 0 to 65535.";
            return false;
        }
        endpoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }
}
