using System.Runtime.InteropServices;

namespace Gate64.Platform.Netlink;

/// <summary>struct sockaddr_nl.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SocketAddressNetlink
{
    public ushort Family;
    public ushort Padding;
    public uint PortId;
    public uint Groups;
}
