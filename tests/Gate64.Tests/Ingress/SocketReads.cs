using System.Net.Sockets;

namespace Gate64.Tests.Ingress;

/// <summary>Reading a socket to its end, telling an orderly end (FIN) from a reset.</summary>
internal static class SocketReads
{
    /// <summary>Every byte until the peer's FIN or an error; <c>Error</c> is null for a FIN.</summary>
    public static async Task<(byte[] Data, SocketError? Error)> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        using MemoryStream received = new();
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (count == 0)
                {
                    return (received.ToArray(), null);
                }
                received.Write(buffer, 0, count);
            }
        }
        catch (SocketException exception)
        {
            return (received.ToArray(), exception.SocketErrorCode);
        }
    }

    /// <summary>Exactly <paramref name="count"/> bytes; fails if the stream ends first.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        byte[] data = new byte[count];
        int offset = 0;
        while (offset < count)
        {
            int received = await socket.ReceiveAsync(data.AsMemory(offset), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new EndOfStreamException($"the peer closed after {offset} of {count} bytes");
            }
            offset += received;
        }
        return data;
    }

    /// <summary>Sends everything, then half-closes (FIN).</summary>
    public static async Task SendAndShutdownAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await socket.SendAsync(data, SocketFlags.None, cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
    }
}
