using System.Runtime.InteropServices;

namespace Gate64.Platform.Netlink;

/// <summary>The socket and namespace calls the route watcher needs beyond <see cref="LibC"/>. Every call sets errno.</summary>
internal static partial class NetlinkInterop
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static unsafe partial int Bind(int fd, SocketAddressNetlink* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "getsockname", SetLastError = true)]
    public static unsafe partial int GetSocketName(int fd, SocketAddressNetlink* address, uint* addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSocketOption(int fd, int level, int name, void* value, uint valueLength);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    /// <summary>Moves the calling thread (only it) into the namespace <paramref name="fd"/> refers to.</summary>
    [LibraryImport(Library, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int namespaceType);
}
