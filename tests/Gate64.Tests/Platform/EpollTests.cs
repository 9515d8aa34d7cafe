using System.Net;
using System.Net.Sockets;
using Gate64.Platform;

namespace Gate64.Tests.Platform;

/// <summary>The epoll set of the QUIC relay loop, on loopback UDP sockets (Linux).</summary>
public sealed class EpollTests : IDisposable
{
    private readonly Epoll _epoll = new();
    private readonly Socket _first = Bound();
    private readonly Socket _second = Bound();
    private readonly Socket _sender = Bound();
    private readonly byte[] _events = new byte[Epoll.BufferSize(8)];

    [Fact]
    public void Wait_NothingReadable_TimesOutWithNoEvents()
    {
        _epoll.Add(_first.SafeHandle, Epoll.In, 7);

        Assert.Equal(0, _epoll.Wait(_events, 0));
    }

    [Fact]
    public void Wait_ReportsEachReadableSocketByItsKey()
    {
        _epoll.Add(_first.SafeHandle, Epoll.In, 7);
        _epoll.Add(_second.SafeHandle, Epoll.In, ulong.MaxValue - 1);
        _sender.SendTo(new byte[10], _first.LocalEndPoint!);
        _sender.SendTo(new byte[10], _second.LocalEndPoint!);

        HashSet<ulong> keys = [];
        for (int attempt = 0; attempt < 100 && keys.Count < 2; attempt++)
        {
            int count = WaitRetryingSignals(100);
            Assert.True(count >= 0, $"epoll_wait failed: errno {-count}");
            for (int i = 0; i < count; i++)
            {
                keys.Add(Epoll.KeyAt(_events, i));
            }
        }

        Assert.Equal([7UL, ulong.MaxValue - 1], keys.Order());
    }

    [Fact]
    public void Wait_LevelTriggered_ReportsASocketAgainUntilItIsDrained()
    {
        _epoll.Add(_first.SafeHandle, Epoll.In, 7);
        _sender.SendTo(new byte[10], _first.LocalEndPoint!);

        Assert.Equal(1, WaitRetryingSignals(5000));
        Assert.Equal(1, WaitRetryingSignals(0));
        _first.Receive(new byte[16]);
        Assert.Equal(0, WaitRetryingSignals(0));
    }

    [Fact]
    public void Remove_StopsTheReports_AndARemovedOrClosedSocketIsNoError()
    {
        _epoll.Add(_first.SafeHandle, Epoll.In, 7);
        _sender.SendTo(new byte[10], _first.LocalEndPoint!);
        Assert.Equal(1, WaitRetryingSignals(5000));   // readable now

        Assert.True(_epoll.Remove(_first.SafeHandle));
        Assert.Equal(0, WaitRetryingSignals(100));
        Assert.False(_epoll.Remove(_first.SafeHandle));
        _first.Dispose();
        Assert.False(_epoll.Remove(_first.SafeHandle));
    }

    [Fact]
    public void Add_AClosedSocket_ThrowsObjectDisposed()
    {
        _first.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _epoll.Add(_first.SafeHandle, Epoll.In, 7));
    }

    [Fact]
    public void EveryCall_AfterDispose_ThrowsObjectDisposedOrReportsNothing()
    {
        _epoll.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _epoll.Add(_first.SafeHandle, Epoll.In, 7));
        Assert.Throws<ObjectDisposedException>(() => _epoll.Wait(_events, 0));
        Assert.False(_epoll.Remove(_first.SafeHandle));
    }

    /// <summary>epoll_wait is never restarted after a signal handler ran (the runtime has some): wait again then.</summary>
    private int WaitRetryingSignals(int timeoutMilliseconds)
    {
        int count;
        do
        {
            count = _epoll.Wait(_events, timeoutMilliseconds);
        }
        while (count == -LibC.EIntr);
        return count;
    }

    public void Dispose()
    {
        _epoll.Dispose();
        _first.Dispose();
        _second.Dispose();
        _sender.Dispose();
    }

    private static Socket Bound()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
