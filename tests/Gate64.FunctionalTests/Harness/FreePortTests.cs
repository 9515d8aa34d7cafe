using System.Net;
using System.Net.Sockets;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Harness;

public sealed class FreePortTests
{
    [Fact]
    public void Reserve_HoldsThePortForUdpAndTcpUntilReleased()
    {
        using FreePort port = FreePort.Reserve();
        Assert.InRange(port.Port, 1, 65535);
        Assert.Throws<SocketException>(() => Bind(SocketType.Dgram, ProtocolType.Udp, port.IPv4EndPoint).Dispose());
        Assert.Throws<SocketException>(() => Bind(SocketType.Stream, ProtocolType.Tcp, port.IPv4EndPoint).Dispose());

        port.Release();

        using Socket udp = Bind(SocketType.Dgram, ProtocolType.Udp, port.IPv4EndPoint);
        using Socket tcp = Bind(SocketType.Stream, ProtocolType.Tcp, port.IPv4EndPoint);
        tcp.Listen();
    }

    [Fact]
    public void Reserve_WithIPv6Loopback_IsFreeOnBothLoopbacks()
    {
        Assert.True(LoopbackIPv6.IsUsable, "::1 cannot be bound on this machine; the DNS64 tests listen on [::1] too");
        using FreePort port = FreePort.Reserve(includeIPv6Loopback: true);
        Assert.True(port.IncludesIPv6Loopback);
        port.Release();

        using Socket udp6 = Bind(SocketType.Dgram, ProtocolType.Udp, port.IPv6EndPoint);
        using Socket tcp6 = Bind(SocketType.Stream, ProtocolType.Tcp, port.IPv6EndPoint);
        using Socket udp4 = Bind(SocketType.Dgram, ProtocolType.Udp, port.IPv4EndPoint);
        using Socket tcp4 = Bind(SocketType.Stream, ProtocolType.Tcp, port.IPv4EndPoint);
    }

    private static Socket Bind(SocketType type, ProtocolType protocol, IPEndPoint endPoint)
    {
        Socket socket = new(endPoint.AddressFamily, type, protocol);
        try
        {
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
