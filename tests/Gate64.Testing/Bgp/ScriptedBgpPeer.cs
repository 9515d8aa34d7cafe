using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Gate64.Testing.Bgp;

/// <summary>
/// A BGP "router" scripted by the test: a listener on 127.0.0.1 (loopback of the test's own namespace) that
/// the speaker under test dials with <c>--neighbor 127.0.0.1,as=N,port=PORT</c>. Connections are accepted
/// as soon as they arrive (a background loop), so <see cref="ScriptedBgpConnection.AcceptedAt"/> is when the
/// speaker connected, not when the test got round to asking. Disposing stops listening and closes every
/// connection.
/// </summary>
public sealed class ScriptedBgpPeer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Channel<ScriptedBgpConnection> _accepted = Channel.CreateUnbounded<ScriptedBgpConnection>();
    private readonly List<ScriptedBgpConnection> _all = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _disposed;

    private ScriptedBgpPeer(Socket listener)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port the speaker must dial.</summary>
    public int Port { get; }

    /// <summary>The <c>--neighbor</c> value for the speaker: <c>127.0.0.1,as=AS,port=PORT</c>.</summary>
    public string NeighborArgument(uint peerAs) => $"127.0.0.1,as={peerAs},port={Port}";

    public static ScriptedBgpPeer Start()
    {
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(16);
            return new ScriptedBgpPeer(listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>The next connection the speaker opened; <see cref="TimeoutException"/> when none comes in time.</summary>
    public async Task<ScriptedBgpConnection> NextConnectionAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        try
        {
            return await _accepted.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the speaker did not connect to 127.0.0.1:{Port} within {timeout.TotalSeconds:0.#} s");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ScriptedBgpConnection[] all;
        lock (_gate)
        {
            all = [.. _all];
        }

        foreach (ScriptedBgpConnection connection in all)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            ScriptedBgpConnection connection = new(socket, Stopwatch.GetTimestamp());
            lock (_gate)
            {
                _all.Add(connection);
            }

            _accepted.Writer.TryWrite(connection);
        }
    }
}
