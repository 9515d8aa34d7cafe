using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gate64.Platform;

/// <summary>
/// A Linux epoll set, level-triggered, for a thread that waits on many descriptors itself instead of through the
/// runtime's socket engine (see <c>QuicRelayLoop</c>). Each descriptor is registered with a 64-bit key that the
/// wait hands back. Safe to add and remove descriptors from any thread while another waits; the set's own descriptor
/// is reference-counted, so a call after <see cref="Dispose"/> throws <see cref="ObjectDisposedException"/> rather
/// than reaching a descriptor number the process has since reused.
/// </summary>
internal sealed unsafe partial class Epoll : IDisposable
{
    /// <summary>Readable (a datagram, or an error such as an ICMP port unreachable, is waiting).</summary>
    public const uint In = 0x001;

    private const int ControlAdd = 1;
    private const int ControlDelete = 2;
    private const int CloExec = 0x80000;
    private const string Library = "libc";

    /// <summary>struct epoll_event is packed on x86 (12 bytes) and naturally aligned elsewhere (16 bytes).</summary>
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 12 : 16;
    private static readonly int s_keyOffset = s_eventSize - sizeof(ulong);

    private readonly SafeFileHandle _set;

    public Epoll()
    {
        int fd = Create(CloExec);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }

        _set = new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>The bytes a wait for up to <paramref name="maxEvents"/> events needs.</summary>
    public static int BufferSize(int maxEvents) => maxEvents * s_eventSize;

    /// <summary>The key of the <paramref name="index"/>th event a wait filled in.</summary>
    public static ulong KeyAt(ReadOnlySpan<byte> events, int index) => MemoryMarshal.Read<ulong>(events.Slice(index * s_eventSize + s_keyOffset, sizeof(ulong)));

    /// <summary>Watches <paramref name="handle"/> for <paramref name="events"/>; a wait reports it with <paramref name="key"/>.</summary>
    /// <exception cref="ObjectDisposedException">The set or <paramref name="handle"/> is closed.</exception>
    /// <exception cref="Win32Exception">The kernel refused (out of memory, max_user_watches).</exception>
    public void Add(SafeHandle handle, uint events, ulong key)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + s_keyOffset) = key;
        if (Control(ControlAdd, handle, ev) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl(EPOLL_CTL_ADD) failed");
        }
    }

    /// <summary>Stops watching <paramref name="handle"/> (closing a descriptor stops it too); false if it was not watched or either is closed.</summary>
    public bool Remove(SafeHandle handle)
    {
        try
        {
            return Control(ControlDelete, handle, null) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Waits for events (<paramref name="timeoutMilliseconds"/> -1: until one comes).</summary>
    /// <returns>The number of events in <paramref name="events"/>, or minus errno (<see cref="LibC.EIntr"/>: a signal came first).</returns>
    /// <exception cref="ObjectDisposedException">The set is closed.</exception>
    public int Wait(Span<byte> events, int timeoutMilliseconds)
    {
        bool added = false;
        try
        {
            _set.DangerousAddRef(ref added);
            fixed (byte* buffer = events)
            {
                int count = WaitFor((int)_set.DangerousGetHandle(), buffer, events.Length / s_eventSize, timeoutMilliseconds);
                return count < 0 ? -Marshal.GetLastPInvokeError() : count;
            }
        }
        finally
        {
            if (added)
            {
                _set.DangerousRelease();
            }
        }
    }

    /// <summary>Closes the set once no call is using it.</summary>
    public void Dispose() => _set.Dispose();

    /// <summary>epoll_ctl with both descriptors held open for the call.</summary>
    private int Control(int operation, SafeHandle handle, byte* ev)
    {
        bool setAdded = false;
        bool added = false;
        try
        {
            _set.DangerousAddRef(ref setAdded);
            handle.DangerousAddRef(ref added);
            return Control((int)_set.DangerousGetHandle(), operation, (int)handle.DangerousGetHandle(), ev);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }

            if (setAdded)
            {
                _set.DangerousRelease();
            }
        }
    }

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int Create(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int Control(int epfd, int operation, int fd, byte* ev);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int WaitFor(int epfd, byte* events, int maxEvents, int timeout);
}
