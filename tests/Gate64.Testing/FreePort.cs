using System.Net;
using System.Net.Sockets;

namespace Gate64.Testing;

/// <summary>
/// A port that is free for both UDP and TCP on 127.0.0.1 (and optionally on ::1). The port stays
/// reserved by bound sockets until <see cref="Release"/> (call it just before the child process
/// that binds the port starts) or <see cref="Dispose"/>.
/// </summary>
public sealed class FreePort : IDisposable
{
    private const int MaxAttempts = 100;

    private readonly List<Socket> _sockets;

    private FreePort(int port, bool includesIPv6Loopback, List<Socket> sockets)
    {
        Port = port;
        IncludesIPv6Loopback = includesIPv6Loopback;
        _sockets = sockets;
    }

    public int Port { get; }

    /// <summary>True when the port was also found free on ::1 (UDP and TCP).</summary>
    public bool IncludesIPv6Loopback { get; }

    public IPEndPoint IPv4EndPoint => new(IPAddress.Loopback, Port);

    public IPEndPoint IPv6EndPoint => new(IPAddress.IPv6Loopback, Port);

    /// <summary>Finds and reserves a port; with <paramref name="includeIPv6Loopback"/> it must also be free on ::1.</summary>
    public static FreePort Reserve(bool includeIPv6Loopback = false)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            List<Socket> sockets = [];
            try
            {
                Socket udp = Bind(SocketType.Dgram, ProtocolType.Udp, new IPEndPoint(IPAddress.Loopback, 0));
                sockets.Add(udp);
                int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
                sockets.Add(Bind(SocketType.Stream, ProtocolType.Tcp, new IPEndPoint(IPAddress.Loopback, port)));
                if (includeIPv6Loopback)
                {
                    sockets.Add(Bind(SocketType.Dgram, ProtocolType.Udp, new IPEndPoint(IPAddress.IPv6Loopback, port)));
                    sockets.Add(Bind(SocketType.Stream, ProtocolType.Tcp, new IPEndPoint(IPAddress.IPv6Loopback, port)));
                }

                return new FreePort(port, includeIPv6Loopback, sockets);
            }
            catch (SocketException)
            {
                foreach (Socket socket in sockets)
                {
                    socket.Dispose();
                }
            }
        }

        throw new InvalidOperationException($"no port free for UDP and TCP on loopback after {MaxAttempts} attempts");
    }

    /// <summary>Closes the reserving sockets so that another process can bind the port.</summary>
    public void Release()
    {
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
    }

    public void Dispose() => Release();

    private static Socket Bind(SocketType type, ProtocolType protocol, IPEndPoint endPoint)
    {
        Socket socket = new(endPoint.AddressFamily, type, protocol);
        try
        {
            // Linux shares a port only when every socket on it allows address reuse; ours do not.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
            socket.Bind(endPoint);
            if (type == SocketType.Stream)
            {
                // .NET turns SO_REUSEADDR on for TCP at bind; only a listening socket then holds the port.
                socket.Listen(1);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
