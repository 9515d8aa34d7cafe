using System.Runtime.InteropServices;
using System.Text;

namespace Gate64.Platform;

/// <summary>
/// A Linux TUN interface (<c>/dev/net/tun</c>, <c>TUNSETIFF</c> with <c>IFF_TUN | IFF_NO_PI</c>, plus
/// <c>IFF_MULTI_QUEUE</c> for more than one queue: one file descriptor per queue, over which the kernel spreads flows
/// by hash). The descriptors are non-blocking: a reader drains packets with <c>read</c> and sleeps in <c>poll</c> on
/// the descriptor and an eventfd that <see cref="Stop"/> signals (closing a descriptor does not wake a reader blocked
/// on it). Not persistent: the interface, its addresses and routes vanish when the last descriptor closes.
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
    private const int IfReqSize = 40;
    private const int IfReqFlagsOffset = 16;

    private readonly LinuxTunQueue[] _queues;
    private readonly int _stopFd;
    private int _disposed;

    private LinuxTunDevice(string name, LinuxTunQueue[] queues, int stopFd)
    {
        Name = name;
        _queues = queues;
        _stopFd = stopFd;
    }

    public string Name { get; }

    public IReadOnlyList<ITunQueue> Queues => _queues;

    /// <summary>Opens (creating if needed) the TUN interface <paramref name="name"/> with <paramref name="queueCount"/> queues.</summary>
    /// <exception cref="IOException">The kernel refused (no /dev/net/tun, no CAP_NET_ADMIN, the name is a different kind of interface, …).</exception>
    public static LinuxTunDevice Open(string name, int queueCount)
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
        try
        {
            short flags = (short)(IffTun | IffNoPi | (queueCount > 1 ? IffMultiQueue : 0));
            for (int i = 0; i < queueCount; i++)
            {
                int fd = OpenQueue(name, flags, out actualName);
                queues.Add(new LinuxTunQueue(fd, stopFd));
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
        return new LinuxTunDevice(actualName, [.. queues], stopFd);
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

    private static unsafe int OpenQueue(string name, short flags, out string actualName)
    {
        int fd = LibC.Open(DevicePath, LibC.ORdWr | LibC.ONonBlock | LibC.OCloExec);
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
            throw new IOException($"TUNSETIFF {name} failed: {LibC.Describe(errno)}"
                + (errno == 22 ? " (is it an existing interface of another kind, or a TUN opened without the same queue flags?)" : ""));
        }
        int end = ifreq[..(MaxNameLength + 1)].IndexOf((byte)0);
        actualName = Encoding.UTF8.GetString(ifreq[..(end < 0 ? MaxNameLength : end)]);
        return fd;
    }
}
