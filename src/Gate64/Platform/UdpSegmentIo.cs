using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>
/// UDP generic receive and segmentation offload for the QUIC relay (Linux): a backend socket with <c>UDP_GRO</c> hands over
/// a burst of equal-size datagrams of one flow as one buffer and the size of its segments, and one <c>sendmsg</c> with
/// <c>UDP_SEGMENT</c> passes the burst on to the client, which the kernel (or the NIC) cuts into the same datagrams
/// again. A QUIC server sends its bulk this way (ngtcp2, quiche, msquic use GSO), so the relay pays two system calls
/// and one trip through each stack per burst instead of per datagram: without it the gateway spent 8 CPU-seconds per
/// relayed gigabyte, 80 % of it in the kernel.
/// </summary>
/// <remarks>
/// The calls are non-blocking (<c>MSG_DONTWAIT</c>); readiness comes from the relay loop's epoll set. Each
/// returns the byte count, or minus errno. Linux LP64 layouts (<see cref="MessageHeader"/>).
/// </remarks>
internal static unsafe partial class UdpSegmentIo
{
    /// <summary>The largest buffer a GRO receive fills (the kernel caps a coalesced datagram at 64 KiB).</summary>
    public const int MaxReceive = 65536;

    public const int EAgain = 11;
    public const int EConnRefused = 111;

    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    private const int UdpGro = 104;
    private const int MsgTrunc = 0x20;
    private const int MsgDontWait = 0x40;
    private const int CmsgHeader = 16;   // cmsg_len (size_t), cmsg_level, cmsg_type
    private const int ControlBytes = 64;
    private const string Library = "libc";

    /// <summary>Asks the kernel for coalesced bursts on <paramref name="socket"/>; false where it cannot (not Linux, kernel before 5.0).</summary>
    public static bool TryEnableReceiveOffload(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            socket.SetRawSocketOption(SolUdp, UdpGro, BitConverter.GetBytes(1));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Receives one datagram, or one coalesced burst of them, without waiting.</summary>
    /// <param name="socket">A connected socket with <see cref="TryEnableReceiveOffload"/>.</param>
    /// <param name="buffer">At least <see cref="MaxReceive"/> bytes.</param>
    /// <param name="segmentSize">The size of the burst's datagrams (the last may be shorter), or 0 for a single datagram.</param>
    /// <param name="truncated">The datagram did not fit.</param>
    /// <returns>The bytes received, or minus errno (<see cref="EAgain"/>: nothing waiting).</returns>
    public static int Receive(Socket socket, Span<byte> buffer, out int segmentSize, out bool truncated)
    {
        segmentSize = 0;
        truncated = false;
        SafeHandle handle = socket.SafeHandle;
        bool added = false;
        byte* control = stackalloc byte[ControlBytes];
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* data = buffer)
            {
                IoVector vector = new() { Base = data, Length = (nuint)buffer.Length };
                MessageHeader message = new() { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = ControlBytes };
                nint received = ReceiveMessage((int)handle.DangerousGetHandle(), &message, MsgDontWait);
                if (received < 0)
                {
                    return -Marshal.GetLastPInvokeError();
                }

                truncated = (message.Flags & MsgTrunc) != 0;
                segmentSize = GroSegmentSize(control, (int)message.ControlLength);
                return (int)received;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Receives one datagram and its sender without waiting (a listener's socket: no offload there).</summary>
    /// <param name="socket">An unconnected socket.</param>
    /// <param name="buffer">Room for the largest datagram expected.</param>
    /// <param name="from">Filled in with the sender's address (its <see cref="SocketAddress.Size"/> set).</param>
    /// <param name="truncated">The datagram did not fit.</param>
    /// <returns>The bytes received, or minus errno (<see cref="EAgain"/>: nothing waiting).</returns>
    public static int ReceiveFrom(Socket socket, Span<byte> buffer, SocketAddress from, out bool truncated)
    {
        truncated = false;
        SafeHandle handle = socket.SafeHandle;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            Span<byte> name = from.Buffer.Span;
            fixed (byte* data = buffer)
            fixed (byte* nameBytes = name)
            {
                IoVector vector = new() { Base = data, Length = (nuint)buffer.Length };
                MessageHeader message = new() { Name = nameBytes, NameLength = (uint)name.Length, Vectors = &vector, VectorCount = 1 };
                nint received = ReceiveMessage((int)handle.DangerousGetHandle(), &message, MsgDontWait);
                if (received < 0)
                {
                    return -Marshal.GetLastPInvokeError();
                }

                truncated = (message.Flags & MsgTrunc) != 0;
                from.Size = Math.Min((int)message.NameLength, name.Length);   // the kernel reports an address's full length
                return (int)received;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Sends <paramref name="data"/> to <paramref name="to"/> without waiting, cut into <paramref name="segmentSize"/>-byte datagrams when it is longer.</summary>
    /// <param name="socket">The listener's socket.</param>
    /// <param name="data">One datagram, or a burst of equal-size ones (the last may be shorter).</param>
    /// <param name="to">The client.</param>
    /// <param name="segmentSize">The burst's datagram size; 0 sends <paramref name="data"/> as one datagram.</param>
    /// <returns>The bytes sent, or minus errno.</returns>
    public static int Send(Socket socket, ReadOnlySpan<byte> data, SocketAddress to, int segmentSize)
    {
        SafeHandle handle = socket.SafeHandle;
        bool added = false;
        byte* control = stackalloc byte[CmsgHeader + 8];
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* bytes = data)
            fixed (byte* name = to.Buffer.Span)
            {
                IoVector vector = new() { Base = bytes, Length = (nuint)data.Length };
                MessageHeader message = new() { Name = name, NameLength = (uint)to.Size, Vectors = &vector, VectorCount = 1 };
                if (segmentSize > 0 && data.Length > segmentSize)
                {
                    *(nuint*)control = CmsgHeader + sizeof(ushort);
                    *(int*)(control + 8) = SolUdp;
                    *(int*)(control + 12) = UdpSegment;
                    *(ushort*)(control + CmsgHeader) = (ushort)segmentSize;
                    message.Control = control;
                    message.ControlLength = CmsgHeader + 8;
                }

                nint sent = SendMessage((int)handle.DangerousGetHandle(), &message, MsgDontWait);
                return sent < 0 ? -Marshal.GetLastPInvokeError() : (int)sent;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The <c>UDP_GRO</c> control message's segment size, or 0.</summary>
    private static int GroSegmentSize(byte* control, int length)
    {
        int offset = 0;
        while (offset + CmsgHeader <= length)
        {
            int messageLength = (int)*(nuint*)(control + offset);
            if (messageLength < CmsgHeader || offset + messageLength > length)
            {
                return 0;
            }

            if (*(int*)(control + offset + 8) == SolUdp && *(int*)(control + offset + 12) == UdpGro && messageLength >= CmsgHeader + sizeof(int))
            {
                return *(int*)(control + offset + CmsgHeader);
            }

            offset += (messageLength + 7) & ~7;
        }

        return 0;
    }

    [LibraryImport(Library, EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessage(int fd, MessageHeader* message, int flags);
}
