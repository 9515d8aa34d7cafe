using System.Net;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Gate64.Platform;

/// <summary>One address of a local interface, with the length of its on-link prefix.</summary>
internal sealed record InterfaceAddress(string Interface, IPAddress Address, int PrefixLength);

/// <summary>
/// The host's interface addresses through getifaddrs(3). Not <c>NetworkInterface.GetIPProperties()</c>:
/// on Linux that reads the whole of /proc/net/route and /proc/net/ipv6_route for gateway addresses,
/// which took 30 s of CPU on a host with 100,000 routes (the very hosts the BGP speaker serves).
/// </summary>
internal static partial class InterfaceAddresses
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>Every IPv4 and IPv6 address configured on the host's interfaces.</summary>
    public static unsafe IReadOnlyList<InterfaceAddress> List()
    {
        if (GetIfAddrs(out nint list) != 0)
        {
            throw new IOException($"getifaddrs failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        try
        {
            List<InterfaceAddress> addresses = [];
            for (IfAddrs* entry = (IfAddrs*)list; entry is not null; entry = entry->Next)
            {
                if (entry->Address is null || entry->Netmask is null || entry->Name is null)
                {
                    continue;
                }
                ushort family = *(ushort*)entry->Address;
                (int offset, int length) = family switch
                {
                    AfInet => (4, 4),     // sockaddr_in: family, port, 4-byte address
                    AfInet6 => (8, 16),   // sockaddr_in6: family, port, flow info, 16-byte address
                    _ => (0, 0),
                };
                if (length == 0)
                {
                    continue;
                }
                ReadOnlySpan<byte> address = new(entry->Address + offset, length);
                ReadOnlySpan<byte> mask = new(entry->Netmask + offset, length);
                int prefixLength = 0;
                foreach (byte maskByte in mask)
                {
                    prefixLength += BitOperations.PopCount(maskByte);
                }
                string name = Marshal.PtrToStringUTF8((nint)entry->Name) ?? "";
                addresses.Add(new InterfaceAddress(name, new IPAddress(address), prefixLength));
            }
            return addresses;
        }
        finally
        {
            FreeIfAddrs(list);
        }
    }

    [LibraryImport("libc", EntryPoint = "getifaddrs", SetLastError = true)]
    private static partial int GetIfAddrs(out nint list);

    [LibraryImport("libc", EntryPoint = "freeifaddrs")]
    private static partial void FreeIfAddrs(nint list);

    /// <summary>struct ifaddrs (glibc and musl on 64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IfAddrs
    {
        public IfAddrs* Next;
        public byte* Name;
        public uint Flags;
        public byte* Address;
        public byte* Netmask;
        public byte* BroadcastOrDestination;
        public void* Data;
    }
}
