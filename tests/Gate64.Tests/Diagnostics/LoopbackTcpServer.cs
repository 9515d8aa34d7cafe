using System.Net;
using System.Net.Sockets;

namespace Gate64.Tests.Diagnostics;

/// <summary>A TCP server on 127.0.0.1 that hands every accepted connection to a test's handler.</summary>
internal sealed class LoopbackTcpServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<Socket, CancellationToken, Task> _handle;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public LoopbackTcpServer(Func<Socket, CancellationToken, Task> handle)
    {
        _handle = handle;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = AcceptAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>A loopback endpoint where nothing listens (the port was just bound and released).</summary>
    public static IPEndPoint ClosedEndPoint()
    {
        using Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        Task[] pending;
        lock (_connections)
        {
            pending = [_accepting, .. _connections];
        }
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // stopping; handlers may fail as their connections go
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            lock (_connections)
            {
                _connections.Add(ServeAsync(connection));
            }
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                await _handle(connection, _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or IOException or System.Security.Authentication.AuthenticationException)
            {
                // the client went away or the server stops
            }
        }
    }
}
