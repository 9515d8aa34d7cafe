using System.Runtime.InteropServices;

namespace Gate64.Platform.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket subscribed to link and IPv4/IPv6 route notifications, with a large receive buffer (an
/// overrun costs a full resynchronisation). A socket belongs to the network namespace it was created in, whatever
/// thread uses it later, so <see cref="Open"/> can create it inside another namespace and return at once.
/// </summary>
internal sealed class NetlinkRouteSocket : IDisposable
{
    private const int ReceiveBufferBytes = 8 * 1024 * 1024;

    private readonly int _fd;
    private int _disposed;

    private NetlinkRouteSocket(int fd, uint portId)
    {
        _fd = fd;
        PortId = portId;
    }

    /// <summary>The port id the kernel gave the socket: dump replies are addressed to it.</summary>
    public uint PortId { get; }

    public int Descriptor => _fd;

    /// <summary>
    /// Opens the socket in the current network namespace, or in the one at <paramref name="namespacePath"/> (e.g.
    /// <c>/var/run/netns/NAME</c>). Entering a namespace changes the calling thread only, and it is switched back
    /// before returning; call it on a thread of your own all the same, since a failure to switch back would leave
    /// that thread in the other namespace.
    /// </summary>
    public static NetlinkRouteSocket Open(string? namespacePath)
    {
        if (namespacePath is null)
        {
            return Create();
        }
        int target = LibC.Open(namespacePath, LibC.OCloExec);
        if (target < 0)
        {
            throw new IOException($"cannot open network namespace {namespacePath}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }
        int original = LibC.Open("/proc/thread-self/ns/net", LibC.OCloExec);
        if (original < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.Close(target);
            throw new IOException($"cannot open this thread's network namespace: {LibC.Describe(errno)}");
        }
        try
        {
            if (NetlinkInterop.SetNamespace(target, NetlinkConstants.CloneNewNet) != 0)
            {
                throw new IOException($"cannot enter network namespace {namespacePath}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
            }
            NetlinkRouteSocket? socket = null;
            try
            {
                socket = Create();
            }
            finally
            {
                if (NetlinkInterop.SetNamespace(original, NetlinkConstants.CloneNewNet) != 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    socket?.Dispose();
                    throw new IOException($"cannot return from network namespace {namespacePath}: {LibC.Describe(errno)}");
                }
            }
            return socket;
        }
        finally
        {
            LibC.Close(original);
            LibC.Close(target);
        }
    }

    /// <summary>Sends a dump request (written by <see cref="RouteDumpRequest"/>).</summary>
    public unsafe void Send(ReadOnlySpan<byte> message)
    {
        fixed (byte* pointer = message)
        {
            while (NetlinkInterop.Send(_fd, pointer, (nuint)message.Length, 0) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EIntr)
                {
                    throw new IOException($"sending a netlink request failed: {LibC.Describe(errno)}");
                }
            }
        }
    }

    /// <summary>
    /// Reads one datagram without blocking. Returns its full length, which is larger than the buffer when it was
    /// truncated; 0 when nothing is waiting; -1 when the kernel dropped notifications (ENOBUFS: the socket overran).
    /// </summary>
    public unsafe int Receive(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                nint received = NetlinkInterop.Receive(_fd, pointer, (nuint)buffer.Length, NetlinkConstants.MsgDontWait | NetlinkConstants.MsgTrunc);
                if (received >= 0)
                {
                    return (int)received;
                }
                int errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case LibC.EIntr:
                        continue;
                    case LibC.EAgain:
                        return 0;
                    case NetlinkConstants.ENoBufs:
                        return -1;
                    default:
                        throw new IOException($"reading the netlink socket failed: {LibC.Describe(errno)}");
                }
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LibC.Close(_fd);
        }
    }

    private static unsafe NetlinkRouteSocket Create()
    {
        int fd = NetlinkInterop.Socket(NetlinkConstants.AfNetlink, NetlinkConstants.SockRaw | NetlinkConstants.SockCloExec, NetlinkConstants.NetlinkRoute);
        if (fd < 0)
        {
            throw new IOException($"cannot open a netlink socket: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }
        try
        {
            int size = ReceiveBufferBytes;
            // FORCE goes beyond net.core.rmem_max but needs CAP_NET_ADMIN; without it the capped size will do.
            if (NetlinkInterop.SetSocketOption(fd, NetlinkConstants.SolSocket, NetlinkConstants.SoRcvBufForce, &size, sizeof(int)) != 0)
            {
                NetlinkInterop.SetSocketOption(fd, NetlinkConstants.SolSocket, NetlinkConstants.SoRcvBuf, &size, sizeof(int));
            }
            int on = 1;
            // Lets the kernel filter dumps by protocol and table (Linux 4.20+); older kernels refuse, and send everything.
            NetlinkInterop.SetSocketOption(fd, NetlinkConstants.SolNetlink, NetlinkConstants.NetlinkGetStrictChk, &on, sizeof(int));

            SocketAddressNetlink address = new()
            {
                Family = NetlinkConstants.AfNetlink,
                Groups = NetlinkConstants.GroupLink | NetlinkConstants.GroupIpv4Route | NetlinkConstants.GroupIpv6Route,
            };
            if (NetlinkInterop.Bind(fd, &address, (uint)sizeof(SocketAddressNetlink)) != 0)
            {
                throw new IOException($"cannot bind the netlink socket: {LibC.Describe(Marshal.GetLastPInvokeError())}");
            }
            uint length = (uint)sizeof(SocketAddressNetlink);
            if (NetlinkInterop.GetSocketName(fd, &address, &length) != 0)
            {
                throw new IOException($"cannot read the netlink socket's port id: {LibC.Describe(Marshal.GetLastPInvokeError())}");
            }
            return new NetlinkRouteSocket(fd, address.PortId);
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
    }
}
