using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Gate64.Ingress;

namespace Gate64.Configuration;

/// <summary>
/// Parses an ingress listener, <c>ADDR:PORT[=BACKEND_PORT]</c>: without '=', the backend port is
/// the listening port. Shared by <c>--listen</c> and <c>[ingress] listen</c>.
/// </summary>
public static class ListenerText
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IngressListenerOptions? listener, [NotNullWhen(false)] out string? error)
    {
        listener = null;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        string endpointText = equals < 0 ? text : text[..equals];
        if (!EndpointText.TryParse(endpointText, out IPEndPoint? endpoint, out error))
        {
            return false;
        }
        int backendPort = endpoint.Port;
        if (equals >= 0 && (!int.TryParse(text.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out backendPort) || backendPort is < 1 or > 65535))
        {
            error = $"'{text}': the backend port after '=' must be a number from 1 to 65535.";
            return false;
        }
        listener = new IngressListenerOptions(endpoint, backendPort);
        error = null;
        return true;
    }
}
