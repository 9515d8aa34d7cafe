namespace Gate64.Platform.Netlink;

/// <summary>
/// Writes an RTM_GETROUTE dump request for one family. The rtmsg asks for the main table, unicast routes of one
/// protocol: kernels with strict checking (NETLINK_GET_STRICT_CHK, Linux 4.20+) filter on that and send only the
/// owned routes; older ones ignore it and send the whole table, which the parser filters anyway. Unfiltered
/// requests (all zeros but the family) are for a kernel that refuses the filter.
/// </summary>
internal static class RouteDumpRequest
{
    public const int Length = NetlinkConstants.HeaderLength + NetlinkConstants.RouteMessageLength;

    public static int Write(Span<byte> destination, byte family, uint sequence, byte protocol, bool filtered = true)
    {
        Span<byte> message = destination[..Length];
        message.Clear();
        NetlinkMessageReader.WriteUInt32(message, Length);
        NetlinkMessageReader.WriteUInt16(message[4..], NetlinkConstants.GetRoute);
        NetlinkMessageReader.WriteUInt16(message[6..], NetlinkConstants.FlagRequest | NetlinkConstants.FlagDump);
        NetlinkMessageReader.WriteUInt32(message[8..], sequence);
        // Port id 0: the kernel. rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
        Span<byte> rtmsg = message[NetlinkConstants.HeaderLength..];
        rtmsg[0] = family;
        if (filtered)
        {
            rtmsg[4] = NetlinkConstants.TableMain;
            rtmsg[5] = protocol;
            rtmsg[7] = NetlinkConstants.RouteTypeUnicast;
        }
        return Length;
    }
}
