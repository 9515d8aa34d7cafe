using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>
/// The few libc calls the TUN device needs (Linux, x86-64 and arm64 constants). Every call sets errno, read with
/// <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static partial class LibC
{
    public const int ORdWr = 0x2;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EBadF = 9;

    public const short PollIn = 0x1;

    public const int EfdCloExec = 0x80000;
    public const int EfdNonBlock = 0x800;

    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static unsafe partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>Sleeps for <paramref name="duration"/> (below a millisecond too, unlike <see cref="Thread.Sleep(TimeSpan)"/>); a signal may end it early.</summary>
    public static unsafe void Sleep(TimeSpan duration)
    {
        long ticks = duration.Ticks;
        TimeSpec request = new(ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * TimeSpan.NanosecondsPerTick);
        _ = ClockNanosleep(ClockMonotonic, 0, &request, null);
    }

    [LibraryImport(Library, EntryPoint = "clock_nanosleep")]
    private static unsafe partial int ClockNanosleep(int clock, int flags, TimeSpec* request, TimeSpec* remaining);

    private const int ClockMonotonic = 1;

    /// <summary>struct timespec on 64-bit Linux.</summary>
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    /// <summary>The text of an errno value, for exceptions.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
