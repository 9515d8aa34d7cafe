using System.Buffers;
using System.Net.Sockets;

namespace Gate64.Ingress;

/// <summary>
/// Copies bytes both ways between two sockets until both sides are done. An end of stream on one
/// side becomes a half-close (FIN) on the other, so protocols that close one direction first keep
/// working; an error on either side, the idle timeout or a stopping service aborts both directions
/// and resets both peers. While a direction waits for data it holds no buffer (a zero-byte read
/// first), so an idle spliced connection costs no buffer memory. Failures are values here, never
/// exceptions (see <see cref="SocketOperation"/>): ending with a reset is the normal case for many
/// clients.
/// </summary>
internal static class TcpSplice
{
    private const int BufferSize = 64 * 1024;

    /// <returns>Bytes copied client→backend and backend→client.</returns>
    public static async Task<(long Up, long Down)> RunAsync(Socket client, Socket backend, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        SpliceActivity activity = new(client, backend);
        using (cancellationToken.UnsafeRegister(static state => ((SpliceActivity)state!).Abort(), activity))
        using (activity.WatchIdle(idleTimeout))
        {
            Task up = PumpAsync(client, backend, upstream: true, activity);
            Task down = PumpAsync(backend, client, upstream: false, activity);
            await up.ConfigureAwait(false);
            await down.ConfigureAwait(false);
        }
        if (activity.Aborted)
        {
            // An error, the idle timeout or shutdown: reset both ends rather than a graceful close.
            activity.PrepareResets();
        }
        return (activity.Up, activity.Down);
    }

    /// <summary>One direction. Never throws: a failure aborts the splice, which ends the other direction too.</summary>
    private static async Task PumpAsync(Socket source, Socket destination, bool upstream, SpliceActivity activity)
    {
        using SocketOperation operation = new();
        try
        {
            await CopyAsync(source, destination, upstream, activity, operation).ConfigureAwait(false);
        }
        finally
        {
            activity.Ended(upstream);
        }
    }

    private static async Task CopyAsync(Socket source, Socket destination, bool upstream, SpliceActivity activity, SocketOperation operation)
    {
        while (true)
        {
            SocketResult readable = await operation.ReceiveAsync(source, Memory<byte>.Empty).ConfigureAwait(false);
            if (!readable.Succeeded)
            {
                activity.Failed(upstream, atSource: true);
                return;
            }
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                SocketResult received = await operation.ReceiveAsync(source, buffer).ConfigureAwait(false);
                if (!received.Succeeded)
                {
                    activity.Failed(upstream, atSource: true);
                    return;
                }
                if (received.Bytes == 0)
                {
                    // Pass the FIN on and keep the other direction open; but an end of stream that an
                    // abort caused (its receive shutdown) must not look like a clean end to the peer.
                    if (!activity.Aborted && !TryShutdownSend(destination))
                    {
                        activity.Failed(upstream, atSource: false);
                    }
                    return;
                }
                activity.Sending(upstream, true);
                if (activity.Aborted)
                {
                    return;   // an abort that saw no write pending would not wake this one
                }
                SocketResult sent = await operation.SendAsync(destination, buffer.AsMemory(0, received.Bytes)).ConfigureAwait(false);
                activity.Sending(upstream, false);
                if (!sent.Succeeded)
                {
                    activity.Failed(upstream, atSource: false);
                    return;
                }
                activity.Moved(upstream, received.Bytes);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static bool TryShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            return true;
        }
        catch (SocketException)
        {
            return false;   // the peer already reset
        }
    }
}
