using System.Net;
using System.Net.Sockets;

namespace Gate64.Testing;

/// <summary>Tells whether <c>::1</c> can be bound on this machine (containers sometimes lack IPv6).</summary>
public static class LoopbackIPv6
{
    private static readonly Lazy<bool> s_usable = new(Probe);

    public static bool IsUsable => s_usable.Value;

    private static bool Probe()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using Socket socket = new(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
