namespace Gate64.Platform.Netlink;

/// <summary>struct nlmsghdr (host byte order).</summary>
internal readonly record struct NetlinkHeader(int Length, ushort Type, ushort Flags, uint Sequence, uint PortId);
