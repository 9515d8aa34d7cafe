using System.Buffers;
using System.Net.Sockets;

namespace Gate64.Ingress;

/// <summary>
/// Sends a last message and closes so that the client can read it: closing a socket with unread
/// input makes the kernel send RST, which can destroy the response in flight. So: send, FIN,
/// then read and discard what the client still sends, briefly, before closing.
/// </summary>
internal static class LingeringClose
{
    private static readonly TimeSpan s_drainTime = TimeSpan.FromSeconds(2);
    private const int MaxDrainBytes = 256 * 1024;

    public static async ValueTask SendAndCloseAsync(Socket socket, ReadOnlyMemory<byte> message)
    {
        using CancellationTokenSource timeout = new(s_drainTime);
        byte[] discard = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await socket.SendAsync(message, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            int drained = 0;
            while (drained < MaxDrainBytes)
            {
                int received = await socket.ReceiveAsync(discard, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }
                drained += received;
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client is gone or slow; the socket is closed by the caller either way
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(discard);
        }
    }
}
