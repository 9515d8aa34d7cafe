using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>
/// A Linux epoll set, level-triggered, for a thread that waits on many descriptors itself instead of through the
/// runtime's socket engine (see <c>QuicRelayLoop</c>). Each descriptor is registered with a 64-bit key that the
/// wait hands back. Safe to add and remove descriptors from any thread while another waits.
/// </summary>
internal sealed unsafe partial class Epoll : IDisposable
{
    /// <summary>Readable (a datagram, or an error such as an ICMP port unreachable, is waiting).</summary>
    public const uint In = 0x001;

    private const int ControlAdd = 1;
    private const int ControlDelete = 2;
    private const int CloExec = 0x80000;
    private const string Library = "libc";

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).</summary>
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int s_keyOffset = s_eventSize - sizeof(ulong);

    private readonly int _fd;
    private int _disposed;

    public Epoll()
    {
        _fd = Create(CloExec);
        if (_fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }
    }

    /// <summary>The bytes a wait for up to <paramref name="maxEvents"/> events needs.</summary>
    public static int BufferSize(int maxEvents) => maxEvents * s_eventSize;

    /// <summary>The key of the <paramref name="index"/>th event a wait filled in.</summary>
    public static ulong KeyAt(ReadOnlySpan<byte> events, int index) => MemoryMarshal.Read<ulong>(events.Slice(index * s_eventSize + s_keyOffset, sizeof(ulong)));

    /// <summary>Watches <paramref name="handle"/> for <paramref name="events"/>; a wait reports it with <paramref name="key"/>.</summary>
    public void Add(SafeHandle handle, uint events, ulong key)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            Add((int)handle.DangerousGetHandle(), events, key);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Watches a descriptor this process owns outright (an eventfd).</summary>
    public void Add(int fd, uint events, ulong key)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + s_keyOffset) = key;
        if (Control(_fd, ControlAdd, fd, ev) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl(EPOLL_CTL_ADD) failed");
        }
    }

    /// <summary>Stops watching <paramref name="handle"/> (closing a descriptor stops it too); false if it was not watched or is closed.</summary>
    public bool Remove(SafeHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Control(_fd, ControlDelete, (int)handle.DangerousGetHandle(), null) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Waits for events (<paramref name="timeoutMilliseconds"/> -1: until one comes).</summary>
    /// <returns>The number of events in <paramref name="events"/>, or minus errno (<see cref="LibC.EIntr"/>: a signal came first).</returns>
    public int Wait(Span<byte> events, int timeoutMilliseconds)
    {
        fixed (byte* buffer = events)
        {
            int count = WaitFor(_fd, buffer, events.Length / s_eventSize, timeoutMilliseconds);
            return count < 0 ? -Marshal.GetLastPInvokeError() : count;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LibC.Close(_fd);
        }
    }

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int Create(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int Control(int epfd, int operation, int fd, byte* ev);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int WaitFor(int epfd, byte* events, int maxEvents, int timeout);
}
