using System.Buffers;
using System.Net.Sockets;

namespace Gate64.Ingress;

/// <summary>
/// Copies bytes both ways between two sockets until both sides are done. An end of stream on one
/// side becomes a half-close (FIN) on the other, so protocols that close one direction first keep
/// working; an error on either side resets both. While a direction waits for data it holds no
/// buffer (a zero-byte read first), so an idle spliced connection costs no buffer memory.
/// A failed direction wakes the other one's pending read by shutting the receive side of both
/// sockets (which sends nothing to either peer) rather than by cancelling it: the runtime completes
/// a cancelled socket operation on a thread-pool thread, a wake-up and a context switch per
/// connection, and clients that reset right after the response are common. Only a write waiting
/// for a slow peer is cancelled.
/// </summary>
internal static class TcpSplice
{
    private const int BufferSize = 64 * 1024;

    /// <returns>Bytes copied client→backend and backend→client.</returns>
    public static async Task<(long Up, long Down)> RunAsync(Socket client, Socket backend, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SpliceActivity activity = new();
        Task up = PumpAsync(client, backend, upstream: true, activity, abort);
        Task down = PumpAsync(backend, client, upstream: false, activity, abort);
        using (activity.WatchIdle(idleTimeout, abort))
        {
            try
            {
                await Task.WhenAll(up, down).ConfigureAwait(false);
            }
            catch
            {
                // The pumps have recorded the failure; the sockets are reset below.
            }
        }
        if (activity.Aborted)
        {
            // An error or idle timeout: reset both ends (SO_LINGER 0) rather than a graceful close.
            client.LingerState = new LingerOption(true, 0);
            backend.LingerState = new LingerOption(true, 0);
        }
        return (activity.Up, activity.Down);
    }

    private static async Task PumpAsync(Socket source, Socket destination, bool upstream, SpliceActivity activity, CancellationTokenSource abort)
    {
        try
        {
            while (true)
            {
                await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, abort.Token).ConfigureAwait(false);
                byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    int received = await source.ReceiveAsync(buffer, SocketFlags.None, abort.Token).ConfigureAwait(false);
                    if (received == 0)
                    {
                        // Pass the FIN on and keep the other direction open; but an end of stream that the
                        // other direction's failure caused (its receive shutdown) must not look like a clean
                        // end to the peer: that one gets the reset.
                        if (!activity.Aborted)
                        {
                            destination.Shutdown(SocketShutdown.Send);
                        }
                        return;
                    }
                    activity.Sending(upstream, true);
                    await destination.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, abort.Token).ConfigureAwait(false);
                    activity.Sending(upstream, false);
                    activity.Moved(upstream, received);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            activity.Abort();
            ShutdownReceive(source);
            ShutdownReceive(destination);
            if (activity.IsSending(!upstream))
            {
                abort.Cancel();
            }
            throw;
        }
    }

    /// <summary>Ends the receive side of <paramref name="socket"/>: a read pending on it completes with the end of stream.</summary>
    private static void ShutdownReceive(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: nothing is pending on it any more.
        }
    }
}
