using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gate64.Platform;

namespace Gate64.Tests.Platform;

/// <summary>The UDP GRO/GSO calls (used by the QUIC relay) on loopback sockets (Linux).</summary>
public sealed class UdpSegmentIoTests : IDisposable
{
    private readonly Socket _sender = Bound();
    private readonly Socket _receiver = Bound();

    public UdpSegmentIoTests()
    {
        _sender.Connect(_receiver.LocalEndPoint!);
        _receiver.Connect(_sender.LocalEndPoint!);
    }

    [Fact]
    public void SegmentedSend_ToASocketWithReceiveOffload_ArrivesAsOneBurstWithItsSegmentSize()
    {
        Assert.True(UdpSegmentIo.TryEnableReceiveOffload(_receiver));
        byte[] burst = RandomNumberGenerator.GetBytes(5 * 1200 + 700);
        byte[] buffer = new byte[UdpSegmentIo.MaxReceive];

        Assert.Equal(burst.Length, UdpSegmentIo.Send(_sender, burst, _receiver.LocalEndPoint!.Serialize(), 1200));
        int received = ReceiveWaiting(buffer, out int segmentSize, out bool truncated);

        Assert.Equal(burst.Length, received);
        Assert.Equal(1200, segmentSize);
        Assert.False(truncated);
        Assert.Equal(burst, buffer[..received]);
        Assert.Equal(-UdpSegmentIo.EAgain, UdpSegmentIo.Receive(_receiver, buffer, out _, out _));
    }

    [Fact]
    public void SegmentedSend_ToASocketWithoutReceiveOffload_ArrivesAsSeparateDatagrams()
    {
        byte[] burst = RandomNumberGenerator.GetBytes(3 * 1000);
        byte[] buffer = new byte[2048];

        UdpSegmentIo.Send(_sender, burst, _receiver.LocalEndPoint!.Serialize(), 1000);

        _receiver.ReceiveTimeout = 5000;
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(burst.AsSpan(i * 1000, 1000).ToArray(), buffer[.._receiver.Receive(buffer)]);
        }
    }

    [Fact]
    public void SingleDatagram_HasNoSegmentSize()
    {
        Assert.True(UdpSegmentIo.TryEnableReceiveOffload(_receiver));
        byte[] buffer = new byte[UdpSegmentIo.MaxReceive];

        Assert.Equal(700, UdpSegmentIo.Send(_sender, new byte[700], _receiver.LocalEndPoint!.Serialize(), 0));

        Assert.Equal(700, ReceiveWaiting(buffer, out int segmentSize, out _));
        Assert.Equal(0, segmentSize);
    }

    [Fact]
    public void ReceiveFrom_GivesTheDatagramAndItsSender_AndThenNothingWaiting()
    {
        using Socket listener = Bound();
        using Socket client = Bound();
        byte[] datagram = RandomNumberGenerator.GetBytes(1200);
        byte[] buffer = new byte[2048];
        SocketAddress from = new(AddressFamily.InterNetwork);
        client.SendTo(datagram, listener.LocalEndPoint!);

        int received = -UdpSegmentIo.EAgain;
        for (int i = 0; i < 500 && received == -UdpSegmentIo.EAgain; i++)
        {
            Thread.Sleep(i == 0 ? 0 : 10);
            received = UdpSegmentIo.ReceiveFrom(listener, buffer, from, out _);
        }

        Assert.Equal(datagram, buffer[..received]);
        Assert.Equal(16, from.Size);   // a sockaddr_in: the flow table hashes and copies Size bytes
        Assert.Equal(client.LocalEndPoint, new IPEndPoint(IPAddress.Any, 0).Create(from));
        Assert.Equal(-UdpSegmentIo.EAgain, UdpSegmentIo.ReceiveFrom(listener, buffer, from, out _));
    }

    [Fact]
    public void ReceiveFrom_ADatagramLargerThanTheBuffer_IsReportedTruncated()
    {
        using Socket listener = Bound();
        using Socket client = Bound();
        byte[] buffer = new byte[100];
        SocketAddress from = new(AddressFamily.InterNetwork);
        client.SendTo(new byte[1200], listener.LocalEndPoint!);

        bool truncated = false;
        int received = -UdpSegmentIo.EAgain;
        for (int i = 0; i < 500 && received == -UdpSegmentIo.EAgain; i++)
        {
            Thread.Sleep(i == 0 ? 0 : 10);
            received = UdpSegmentIo.ReceiveFrom(listener, buffer, from, out truncated);
        }

        Assert.Equal(100, received);
        Assert.True(truncated);
    }

    [Fact]
    public void PortUnreachable_IsReportedAsConnectionRefused()
    {
        _receiver.Dispose();
        byte[] buffer = new byte[UdpSegmentIo.MaxReceive];
        _sender.Send(new byte[10]);

        int result = 0;
        for (int i = 0; i < 100 && result is 0 or -UdpSegmentIo.EAgain; i++)
        {
            Thread.Sleep(10);
            result = UdpSegmentIo.Receive(_sender, buffer, out _, out _);
        }

        Assert.Equal(-UdpSegmentIo.EConnRefused, result);
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    private static Socket Bound()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>Receives without blocking, retrying until the datagram is there (loopback delivers at once).</summary>
    private int ReceiveWaiting(byte[] buffer, out int segmentSize, out bool truncated)
    {
        for (int i = 0; i < 500; i++)
        {
            int received = UdpSegmentIo.Receive(_receiver, buffer, out segmentSize, out truncated);
            if (received != -UdpSegmentIo.EAgain)
            {
                return received;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException("nothing arrived");
    }
}
