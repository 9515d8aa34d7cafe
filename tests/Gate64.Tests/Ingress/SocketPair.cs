using System.Net;
using System.Net.Sockets;

namespace Gate64.Tests.Ingress;

/// <summary>Two ends of one real TCP connection on the loopback interface.</summary>
internal sealed class SocketPair : IDisposable
{
    private SocketPair(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    /// <summary>The end that connected.</summary>
    public Socket Client { get; }

    /// <summary>The end that was accepted.</summary>
    public Socket Server { get; }

    /// <summary>Connects a socket to a one-shot listener on 127.0.0.1 (or ::1).</summary>
    public static async Task<SocketPair> CreateAsync(AddressFamily family = AddressFamily.InterNetwork)
    {
        IPAddress loopback = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        using Socket listener = new(family, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(loopback, 0));
        listener.Listen(1);
        Socket client = new(family, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            Task<Socket> accept = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            Socket server = await accept;
            server.NoDelay = true;
            return new SocketPair(client, server);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
