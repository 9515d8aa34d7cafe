using System.Net;

namespace Gate64.Diagnostics;

/// <summary>
/// Where the gateway serves <c>/metrics</c> (Prometheus text format) and <c>/healthz</c> over plain HTTP.
/// Nothing listens unless <see cref="Listen"/> is set: metrics and health describe the gateway's
/// traffic and are never exposed by surprise.
/// </summary>
public sealed class ObservabilityOptions
{
    /// <summary>
    /// The address and port to listen on, e.g. <c>127.0.0.1:9164</c> or a management address; null: no
    /// listener. Port 0 takes a free port, which the start-up log line names.
    /// </summary>
    public IPEndPoint? Listen { get; set; }

    /// <summary>
    /// Every problem with these settings, in words an operator can act on; empty when they are valid.
    /// A wildcard address is refused: a gateway faces the internet on most of its addresses, so the
    /// operator names the one address monitoring reaches (loopback or a management network).
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (Listen is not { } listen)
        {
            return errors;
        }
        if (listen.Address.Equals(IPAddress.Any) || listen.Address.Equals(IPAddress.IPv6Any))
        {
            errors.Add($"metrics: listen {Format(listen)} is every address of the host; name one that only monitoring reaches (e.g. 127.0.0.1:{listen.Port} or a management address).");
        }
        else if (listen.Address.IsIPv4MappedToIPv6 || IsMulticast(listen.Address) || listen.Address.Equals(IPAddress.Broadcast))
        {
            errors.Add($"metrics: listen {Format(listen)} is not a unicast address of this host.");
        }
        return errors;
    }

    private static bool IsMulticast(IPAddress address) =>
        address.IsIPv6Multicast || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0);

    private static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : endpoint.ToString();
}
