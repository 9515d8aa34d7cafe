using System.Net;
using System.Net.Sockets;

namespace Gate64.Diagnostics;

/// <summary>Helpers for health checks that probe the gateway's own listeners.</summary>
internal static class SelfProbe
{
    /// <summary>How long one probe of a listener may take before it counts as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Where to reach a listener from this host: a wildcard address is reached on loopback of its family.</summary>
    public static IPEndPoint Target(IPEndPoint listen) =>
        listen.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, listen.Port)
        : listen.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, listen.Port)
        : listen;

    /// <summary><c>192.0.2.1:53</c> or <c>[2001:db8::1]:53</c>.</summary>
    public static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : endpoint.ToString();

    /// <summary>Words for why a probe failed.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => $"no answer within {Timeout.TotalSeconds:0.#} s",
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused (nothing listens there)",
            SocketError.AddressNotAvailable => "the address is not on this host",
            _ => socket.Message,
        },
        _ => exception.Message,
    };
}
