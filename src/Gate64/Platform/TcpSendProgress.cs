using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>
/// How far the peer of a TCP socket has taken what was written to it, from the kernel's TCP_INFO
/// (Linux): the bytes it acknowledged so far, and whether any are still queued (sent and not yet
/// acknowledged, or not yet sent). A proxy that wrote its last bytes long ago cannot otherwise tell
/// a peer still draining them from one that stopped reading.
/// </summary>
internal readonly record struct TcpSendProgress(ulong BytesAcknowledged, bool Queued)
{
    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;

    // Offsets in struct tcp_info (include/uapi/linux/tcp.h; the same on every architecture), host byte order.
    private const int UnackedOffset = 24;         // __u32 tcpi_unacked: segments sent, not acknowledged
    private const int BytesAckedOffset = 120;     // __u64 tcpi_bytes_acked (Linux 4.1)
    private const int NotSentBytesOffset = 144;   // __u32 tcpi_notsent_bytes (Linux 4.6)
    private const int NeededLength = NotSentBytesOffset + sizeof(uint);

    /// <summary>Reads the socket's progress; false on other systems, older kernels or a closed socket.</summary>
    public static bool TryRead(Socket socket, out TcpSendProgress progress)
    {
        progress = default;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        Span<byte> info = stackalloc byte[256];
        int length;
        try
        {
            length = socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return false;
        }
        if (length < NeededLength)
        {
            return false;
        }
        bool queued = MemoryMarshal.Read<uint>(info[UnackedOffset..]) != 0
            || MemoryMarshal.Read<uint>(info[NotSentBytesOffset..]) != 0;
        progress = new TcpSendProgress(MemoryMarshal.Read<ulong>(info[BytesAckedOffset..]), queued);
        return true;
    }
}
