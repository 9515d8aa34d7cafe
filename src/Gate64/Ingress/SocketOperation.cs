using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace Gate64.Ingress;

/// <summary>The outcome of a <see cref="SocketOperation"/>: bytes moved, or the error instead.</summary>
internal readonly record struct SocketResult(int Bytes, SocketError Error)
{
    public bool Succeeded => Error == SocketError.Success;
}

/// <summary>
/// One reusable receive or send at a time on a socket, awaited without allocating and reporting a
/// failure as a value. The runtime's <c>Socket.ReceiveAsync</c> throws instead, and an exception
/// with its captured stack trace costs more than the rest of a short connection's work: a client
/// that resets right after its response (most HTTPS clients, which close without reading the
/// server's close_notify) would pay one per connection. The continuation runs where the operation
/// completed (the socket's event thread), never queued. A socket closed by another thread is a
/// failure too (<see cref="SocketError.OperationAborted"/>), never an exception.
/// </summary>
internal sealed class SocketOperation : SocketAsyncEventArgs, IValueTaskSource<SocketResult>
{
    /// <summary>The outcome of an operation on a socket closed before it started (an operation pending at the close completes with the same error).</summary>
    private static readonly SocketResult s_closed = new(0, SocketError.OperationAborted);

    private ManualResetValueTaskSourceCore<SocketResult> _completion;

    public SocketOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Receives into <paramref name="buffer"/>; an empty buffer waits until the socket is readable (or ends) without taking data.</summary>
    public ValueTask<SocketResult> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        Start(buffer);
        try
        {
            return socket.ReceiveAsync(this) ? Pending() : new ValueTask<SocketResult>(Outcome());
        }
        catch (ObjectDisposedException)
        {
            return new ValueTask<SocketResult>(s_closed);
        }
    }

    /// <summary>Sends all of <paramref name="buffer"/> (the runtime completes a stream send only when every byte is queued).</summary>
    public ValueTask<SocketResult> SendAsync(Socket socket, ReadOnlyMemory<byte> buffer)
    {
        Start(System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer));
        try
        {
            return socket.SendAsync(this) ? Pending() : new ValueTask<SocketResult>(Outcome());
        }
        catch (ObjectDisposedException)
        {
            return new ValueTask<SocketResult>(s_closed);
        }
    }

    private void Start(Memory<byte> buffer)
    {
        _completion.Reset();
        SetBuffer(buffer);
    }

    private ValueTask<SocketResult> Pending() => new(this, _completion.Version);

    private SocketResult Outcome() => new(BytesTransferred, SocketError);

    protected override void OnCompleted(SocketAsyncEventArgs e) => _completion.SetResult(Outcome());

    SocketResult IValueTaskSource<SocketResult>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<SocketResult>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<SocketResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
