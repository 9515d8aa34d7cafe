using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gate64.Ingress.Quic;
using Gate64.Testing;

namespace Gate64.Tests.Ingress;

/// <summary>
/// The QUIC relay thread (Linux) on loopback UDP sockets: what it hands its handler, and how it ends. A handler that
/// throws (a bug) ends the thread with that exception, which the listener turns into a failed service rather than an
/// address that answers nothing.
/// </summary>
public sealed class QuicRelayLoopTests : IDisposable
{
    private readonly Socket _listener = Bound();
    private readonly Socket _backend = Bound();
    private readonly Socket _peer = Bound();
    private readonly RecordingHandler _handler;
    private readonly CancellationTokenSource _timeout = new(TestTimeouts.Prompt);

    public QuicRelayLoopTests()
    {
        _handler = new RecordingHandler(_backend);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _backend.Dispose();
        _peer.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ClientDatagram_ReachesTheHandlerWithItsSender()
    {
        using QuicRelayLoop loop = new(_listener, _handler);
        Task running = loop.RunAsync("test relay");

        _peer.SendTo("hello"u8.ToArray(), _listener.LocalEndPoint!);

        (byte[] datagram, IPEndPoint from) = await _handler.Datagrams.Reader.ReadAsync(_timeout.Token);
        Assert.Equal("hello"u8.ToArray(), datagram);
        Assert.Equal(_peer.LocalEndPoint, from);
        loop.Dispose();
        await running.WaitAsync(_timeout.Token);
    }

    [Fact]
    public async Task WatchedBackend_IsReportedByItsKeyUntilUnwatched()
    {
        using QuicRelayLoop loop = new(_listener, _handler);
        Task running = loop.RunAsync("test relay");
        loop.Watch(_backend, 42);

        _peer.SendTo("from the backend"u8.ToArray(), _backend.LocalEndPoint!);

        Assert.Equal(42UL, await _handler.Readable.Reader.ReadAsync(_timeout.Token));
        loop.Unwatch(_backend);
        _peer.SendTo("after the unwatch"u8.ToArray(), _backend.LocalEndPoint!);
        await Task.Delay(200, _timeout.Token);

        Assert.False(_handler.Readable.Reader.TryRead(out ulong late), $"reported {late} after the unwatch");
        loop.Dispose();
        await running.WaitAsync(_timeout.Token);
    }

    [Fact]
    public async Task HandlerThrows_TheLoopEndsWithThatException()
    {
        _handler.ThrowOnDatagram = new InvalidOperationException("a bug in the handler");
        using QuicRelayLoop loop = new(_listener, _handler);
        Task running = loop.RunAsync("test relay");

        _peer.SendTo("hello"u8.ToArray(), _listener.LocalEndPoint!);

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => running.WaitAsync(_timeout.Token));
        Assert.Same(_handler.ThrowOnDatagram, thrown);
    }

    private static Socket Bound()
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private sealed class RecordingHandler(Socket backend) : IQuicRelayHandler
    {
        public Channel<(byte[] Datagram, IPEndPoint From)> Datagrams { get; } =
            Channel.CreateUnbounded<(byte[], IPEndPoint)>();

        public Channel<ulong> Readable { get; } = Channel.CreateUnbounded<ulong>();

        public Exception? ThrowOnDatagram { get; set; }

        public void OnClientDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
        {
            if (ThrowOnDatagram is not null)
            {
                throw ThrowOnDatagram;
            }
            Datagrams.Writer.TryWrite((datagram.ToArray(), (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from)));
        }

        public void OnBackendReadable(ulong key)
        {
            // Level-triggered: drain, or the loop reports the socket again at once.
            byte[] buffer = new byte[2048];
            while (backend.Receive(buffer, 0, buffer.Length, SocketFlags.None, out SocketError error) >= 0 && error == SocketError.Success)
            {
            }
            Readable.Writer.TryWrite(key);
        }
    }
}
