namespace Gate64.Tests.Links;

/// <summary>
/// Datagrams captured on Linux 6.18 (x86-64, little-endian) from a NETLINK_ROUTE socket with port id 11688
/// (0x2da8) in a namespace holding <c>192.0.2.10/32 dev X proto 64</c>, <c>2001:db8:10::10/128 dev X proto 64</c>
/// and <c>198.51.100.0/24 dev X proto static</c>: replies to a strict, protocol-filtered dump with sequence 7 (the
/// static route is filtered out by the kernel), and the notification of <c>ip route del 192.0.2.10/32</c>.
/// </summary>
internal static class NetlinkVectors
{
    public const uint PortId = 11688;
    public const uint DumpSequence = 7;

    public static readonly byte[] Ipv4DumpReply = Convert.FromHexString(
        "340000001800220007000000a82d000002200000fe40fd010000000008000f00fe00000008000100c000020a0800040003000000");

    public static readonly byte[] DumpDone = Convert.FromHexString("140000000300220007000000a82d000000000000");

    public static readonly byte[] Ipv6DumpReply = Convert.FromHexString(
        "740000001800220007000000a82d00000a800000fe4000010000000008000f00fe0000001400010020010db8001000000000000000000010" +
        "0800060000040000080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000");

    /// <summary>RTM_DELROUTE from <c>ip route del</c> (its own sequence number and port id).</summary>
    public static readonly byte[] Ipv4DeleteNotification = Convert.FromHexString(
        "34000000190000007a86056bd22d000002200000fe40fd010000000008000f00fe00000008000100c000020a0800040003000000");

    /// <summary>Both dump replies and the end of the dump in one datagram.</summary>
    public static byte[] WholeDump() => [.. Ipv4DumpReply, .. Ipv6DumpReply, .. DumpDone];

    /// <summary>A bare nlmsghdr of <paramref name="type"/> with a payload.</summary>
    public static byte[] Message(ushort type, ushort flags, uint sequence, uint portId, ReadOnlySpan<byte> payload)
    {
        int length = 16 + payload.Length;
        byte[] message = new byte[(length + 3) & ~3];
        BitConverter.TryWriteBytes(message.AsSpan(0), (uint)length);
        BitConverter.TryWriteBytes(message.AsSpan(4), type);
        BitConverter.TryWriteBytes(message.AsSpan(6), flags);
        BitConverter.TryWriteBytes(message.AsSpan(8), sequence);
        BitConverter.TryWriteBytes(message.AsSpan(12), portId);
        payload.CopyTo(message.AsSpan(16));
        return message;
    }
}
