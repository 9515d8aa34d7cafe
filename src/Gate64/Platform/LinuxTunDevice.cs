using System.Runtime.InteropServices;
using System.Text;

namespace Gate64.Platform;

/// <summary>
/// A Linux TUN interface (<c>/dev/net/tun</c>, <c>TUNSETIFF</c> with <c>IFF_TUN | IFF_NO_PI</c>, plus
/// <c>IFF_MULTI_QUEUE</c> for more than one queue: one file descriptor per queue, over which the kernel spreads flows
/// by hash). The descriptors are non-blocking: a reader drains packets with <c>read</c> and sleeps in <c>poll</c> on
/// the descriptor and an eventfd that <see cref="Stop"/> signals (closing a descriptor does not wake a reader blocked
/// on it). Not persistent: the interface, its addresses and routes vanish when the last descriptor closes.
/// <para>
/// With offloads, the device is opened with <c>IFF_VNET_HDR</c> (a 10-byte virtio header before every packet read
/// and written, <c>TUNSETVNETHDRSZ</c>) and <c>TUNSETOFFLOAD</c> with the largest set of checksum and TSO/USO
/// offloads the kernel accepts, so that one read can return a 64 KiB TCP super-packet and one write can hand the
/// kernel one to segment (what tun-rs and wireguard-go do; research note nat64.md §1.9).
/// </para>
/// </summary>
internal sealed class LinuxTunDevice : ITunDevice
{
    /// <summary>IFNAMSIZ − 1.</summary>
    public const int MaxNameLength = 15;

    private const string DevicePath = "/dev/net/tun";
    private const nuint TunSetIff = 0x400454CA;   // _IOW('T', 202, int)
    private const short IffTun = 0x0001;
    private const short IffNoPi = 0x1000;
    private const short IffMultiQueue = 0x0100;
    private const short IffVnetHdr = 0x4000;
    private const nuint TunSetOffload = 0x400454D0;     // _IOW('T', 208, unsigned int)
    private const nuint TunSetVnetHdrSz = 0x400454D8;   // _IOW('T', 216, int)
    private const int IfReqSize = 40;
    private const int IfReqFlagsOffset = 16;

    private readonly LinuxTunQueue[] _queues;
    private readonly int _stopFd;
    private int _disposed;

    /// <summary>The offload sets tried in turn, the largest first: USO needs Linux 6.2, TSO_ECN may be refused alone.</summary>
    private static readonly TunOffloads[] s_offloadChoices =
    [
        TunOffloads.Checksum | TunOffloads.Tso4 | TunOffloads.Tso6 | TunOffloads.TsoEcn | TunOffloads.Uso4 | TunOffloads.Uso6,
        TunOffloads.Checksum | TunOffloads.Tso4 | TunOffloads.Tso6 | TunOffloads.TsoEcn,
        TunOffloads.Checksum | TunOffloads.Tso4 | TunOffloads.Tso6,
        TunOffloads.Checksum,
    ];

    private LinuxTunDevice(string name, LinuxTunQueue[] queues, int stopFd, bool virtioHeader, TunOffloads offloads)
    {
        Name = name;
        _queues = queues;
        _stopFd = stopFd;
        HasVirtioHeader = virtioHeader;
        Offloads = offloads;
    }

    public string Name { get; }

    /// <summary>True when every packet read and written starts with a <see cref="Protocols.Ip.VirtioNetHeader"/>.</summary>
    public bool HasVirtioHeader { get; }

    /// <summary>The offloads the kernel accepted (none without the virtio header).</summary>
    public TunOffloads Offloads { get; }

    public IReadOnlyList<ITunQueue> Queues => _queues;

    /// <summary>
    /// Opens (creating if needed) the TUN interface <paramref name="name"/> with <paramref name="queueCount"/> queues;
    /// with <paramref name="offload"/>, with the virtio header and whatever offloads the kernel accepts (a kernel
    /// that refuses the header gets a device without it).
    /// </summary>
    /// <exception cref="IOException">The kernel refused (no /dev/net/tun, no CAP_NET_ADMIN, the name is a different kind of interface, …).</exception>
    public static LinuxTunDevice Open(string name, int queueCount, bool offload = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCount, 1);
        if (Encoding.UTF8.GetByteCount(name) > MaxNameLength)
        {
            throw new ArgumentException($"The interface name '{name}' is longer than {MaxNameLength} bytes.", nameof(name));
        }

        int stopFd = LibC.EventFd(0, LibC.EfdCloExec | LibC.EfdNonBlock);
        if (stopFd < 0)
        {
            throw new IOException($"eventfd failed: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }
        List<LinuxTunQueue> queues = [];
        string actualName = name;
        bool virtioHeader = offload;
        TunOffloads offloads = TunOffloads.None;
        try
        {
            short flags = (short)(IffTun | IffNoPi | (queueCount > 1 ? IffMultiQueue : 0));
            short withHeader = (short)(IffTun | IffNoPi | IffVnetHdr | (queueCount > 1 ? IffMultiQueue : 0));
            for (int i = 0; i < queueCount; i++)
            {
                int fd;
                if (i == 0 && virtioHeader)
                {
                    if (!TryOpenQueue(name, withHeader, out fd, out actualName))
                    {
                        virtioHeader = false;   // a kernel without IFF_VNET_HDR for TUN: the one-packet path
                        fd = OpenQueue(name, flags, out actualName);
                    }
                }
                else
                {
                    fd = OpenQueue(name, virtioHeader ? withHeader : flags, out actualName);
                }
                queues.Add(new LinuxTunQueue(fd, stopFd));
            }
            if (virtioHeader)
            {
                offloads = ConfigureOffloads(queues[0].Descriptor);
            }
        }
        catch
        {
            foreach (LinuxTunQueue queue in queues)
            {
                queue.Close();
            }
            LibC.Close(stopFd);
            throw;
        }
        return new LinuxTunDevice(actualName, [.. queues], stopFd, virtioHeader, offloads);
    }

    public void Stop()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }
        foreach (LinuxTunQueue queue in _queues)
        {
            queue.RequestStop();
        }
        Span<byte> one = stackalloc byte[8];
        BitConverter.TryWriteBytes(one, 1UL);
        unsafe
        {
            fixed (byte* pointer = one)
            {
                _ = LibC.Write(_stopFd, pointer, 8);
            }
        }
    }

    /// <summary>Closes every queue. Call after the readers have returned: a closed descriptor number may be reused at once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (LinuxTunQueue queue in _queues)
        {
            queue.Close();
        }
        LibC.Close(_stopFd);
    }

    /// <summary>
    /// The virtio header size the reader expects (a persistent device may have been set to 12), then the largest
    /// offload set the kernel accepts; none when it accepts none (the header stays: it costs nothing).
    /// </summary>
    private static unsafe TunOffloads ConfigureOffloads(int fd)
    {
        int size = Protocols.Ip.VirtioNetHeader.Size;
        if (LibC.Ioctl(fd, TunSetVnetHdrSz, &size) < 0)
        {
            throw new IOException($"TUNSETVNETHDRSZ {size} failed: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }
        foreach (TunOffloads choice in s_offloadChoices)
        {
            // TUNSETOFFLOAD takes the flags as the argument itself, not through a pointer.
            if (LibC.Ioctl(fd, TunSetOffload, (void*)(nuint)(uint)choice) == 0)
            {
                return choice;
            }
        }
        return TunOffloads.None;
    }

    private static int OpenQueue(string name, short flags, out string actualName)
    {
        int errno = OpenQueueOrError(name, flags, out int fd, out actualName);
        if (errno != 0)
        {
            throw new IOException($"TUNSETIFF {name} failed: {LibC.Describe(errno)}"
                + (errno == 22 ? " (is it an existing interface of another kind, or a TUN opened without the same queue flags?)" : ""));
        }
        return fd;
    }

    /// <summary>Opens a queue with <c>IFF_VNET_HDR</c>; false (nothing open) when the kernel refuses that flag (EINVAL).</summary>
    private static bool TryOpenQueue(string name, short flags, out int fd, out string actualName)
    {
        int errno = OpenQueueOrError(name, flags, out fd, out actualName);
        if (errno == 22)
        {
            return false;
        }
        if (errno != 0)
        {
            throw new IOException($"TUNSETIFF {name} failed: {LibC.Describe(errno)}");
        }
        return true;
    }

    /// <summary>Opens /dev/net/tun and attaches it to <paramref name="name"/>: 0 and the descriptor, or the TUNSETIFF errno (nothing open).</summary>
    private static unsafe int OpenQueueOrError(string name, short flags, out int fd, out string actualName)
    {
        actualName = name;
        fd = LibC.Open(DevicePath, LibC.ORdWr | LibC.ONonBlock | LibC.OCloExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open {DevicePath}: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }
        byte* request = stackalloc byte[IfReqSize];
        Span<byte> ifreq = new(request, IfReqSize);
        ifreq.Clear();
        Encoding.UTF8.GetBytes(name, ifreq[..MaxNameLength]);
        MemoryMarshal.Write(ifreq[IfReqFlagsOffset..], flags);
        if (LibC.Ioctl(fd, TunSetIff, request) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.Close(fd);
            fd = -1;
            return errno;
        }
        int end = ifreq[..(MaxNameLength + 1)].IndexOf((byte)0);
        actualName = Encoding.UTF8.GetString(ifreq[..(end < 0 ? MaxNameLength : end)]);
        return 0;
    }
}
