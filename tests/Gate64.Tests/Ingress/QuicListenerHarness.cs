using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Gate64.Configuration;
using Gate64.Ingress;
using Gate64.Ingress.Quic;
using Gate64.Tests.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Ingress;

/// <summary>
/// A QUIC listener on loopback with a fake clock, a test router that sends every routed flow to one UDP backend
/// socket, client sockets, and the listener's metrics and log lines.
/// </summary>
internal sealed class QuicListenerHarness : IAsyncDisposable
{
    /// <summary>How long a datagram that should arrive may take.</summary>
    public static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(5);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _clients = [];
    private readonly Task _running;
    private bool _disposed;

    public QuicListenerHarness(Action<IngressOptions>? configure = null)
    {
        configure?.Invoke(Options);
        IMeterFactory meters = _services.GetRequiredService<IMeterFactory>();
        Metrics = new QuicMetricsRecorder(meters);
        Backend = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Backend.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Router = new QuicTestRouter((IPEndPoint)Backend.LocalEndPoint!);
        Listener = new QuicListener(new IngressListenerOptions(new IPEndPoint(IPAddress.Loopback, 0), 443), new FixedOptionsMonitor<IngressOptions>(Options),
            Router, new QuicIngressMetrics(meters), Logger, Time);
        _running = Listener.RunAsync(_stop.Token);
    }

    public IngressOptions Options { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public RecordingLogger<QuicListener> Logger { get; } = new();

    public QuicMetricsRecorder Metrics { get; }

    public QuicTestRouter Router { get; }

    /// <summary>The one backend every routed flow is relayed to; each flow reaches it from its own port.</summary>
    public Socket Backend { get; }

    public QuicListener Listener { get; }

    /// <summary>The listener's task: it ends only when the harness stops it.</summary>
    public Task Running => _running;

    /// <summary>A client socket with a port of its own (one flow), connected to the listener.</summary>
    public Socket NewClient()
    {
        Socket client = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.Connect(Listener.LocalEndPoint);
        _clients.Add(client);
        return client;
    }

    /// <summary>The next datagram at the backend and the flow socket it came from.</summary>
    public async Task<(byte[] Datagram, IPEndPoint From)> BackendReceiveAsync()
    {
        byte[] buffer = new byte[65536];
        using CancellationTokenSource timeout = new(ArrivalTimeout);
        SocketReceiveFromResult result = await Backend.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (buffer[..result.ReceivedBytes], (IPEndPoint)result.RemoteEndPoint);
    }

    /// <summary>The next <paramref name="count"/> datagrams at the backend.</summary>
    public async Task<List<byte[]>> BackendReceiveAsync(int count)
    {
        List<byte[]> datagrams = [];
        for (int i = 0; i < count; i++)
        {
            datagrams.Add((await BackendReceiveAsync()).Datagram);
        }

        return datagrams;
    }

    /// <summary>The next datagram <paramref name="client"/> receives.</summary>
    public static async Task<byte[]> ReceiveAsync(Socket client)
    {
        byte[] buffer = new byte[65536];
        using CancellationTokenSource timeout = new(ArrivalTimeout);
        int received = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..received];
    }

    /// <summary>
    /// True when nothing is waiting on <paramref name="socket"/> a moment after the listener has dealt with what it was
    /// sent (call it after waiting for the counter that says so): loopback delivers at once, so this is not a race.
    /// </summary>
    public static async Task<bool> NothingWaitingAsync(Socket socket)
    {
        await Task.Delay(100);
        return socket.Available == 0;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <see cref="ArrivalTimeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + ArrivalTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the listener has counted <paramref name="count"/> drops for <paramref name="reason"/>.</summary>
    public Task WaitForDropsAsync(string reason, long count) =>
        WaitUntilAsync(() => Metrics.Dropped(reason) >= count, $"{count} datagrams were dropped as {reason} (now {Metrics.Dropped(reason)})");

    /// <summary>Moves the fake clock and runs one sweep (the listener's own timer runs one too).</summary>
    public void AdvanceAndSweep(TimeSpan by)
    {
        Time.Advance(by);
        Listener.Sweep();
    }

    /// <summary>Stops the listener and frees everything; a second call does nothing (a test may stop it early).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Router.Hold?.TrySetResult();
        await _stop.CancelAsync();
        await _running.WaitAsync(ArrivalTimeout);
        Listener.Dispose();
        _clients.ForEach(client => client.Dispose());
        Backend.Dispose();
        Metrics.Dispose();
        _services.Dispose();
        _stop.Dispose();
    }
}
