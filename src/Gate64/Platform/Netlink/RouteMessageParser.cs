using System.Net;
using Gate64.Protocols.Ip;

namespace Gate64.Platform.Netlink;

/// <summary>
/// Parses the payload of a route message: struct rtmsg, then attributes. Only IPv4 and IPv6 routes are accepted;
/// anything inconsistent (a destination length beyond the family's, an RTA_DST of the wrong size, an attribute
/// running past the end) makes the message invalid rather than half-read.
/// </summary>
internal static class RouteMessageParser
{
    public static bool TryParse(ReadOnlySpan<byte> payload, out RouteMessage route)
    {
        route = default;
        if (payload.Length < NetlinkConstants.RouteMessageLength)
        {
            return false;
        }
        byte family = payload[0];
        byte destinationLength = payload[1];
        int addressLength = family switch
        {
            NetlinkConstants.AfInet => 4,
            NetlinkConstants.AfInet6 => 16,
            _ => 0,
        };
        if (addressLength == 0 || destinationLength > addressLength * 8)
        {
            return false;
        }
        uint table = payload[4];
        byte protocol = payload[5];
        byte type = payload[7];

        Span<byte> destination = stackalloc byte[16];
        destination.Clear();
        bool hasDestination = false;
        ReadOnlySpan<byte> attributes = payload[NetlinkConstants.RouteMessageLength..];
        while (attributes.Length >= NetlinkConstants.AttributeHeaderLength)
        {
            int length = NetlinkMessageReader.ReadUInt16(attributes);
            ushort attributeType = (ushort)(NetlinkMessageReader.ReadUInt16(attributes[2..]) & 0x3fff);   // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (length < NetlinkConstants.AttributeHeaderLength || length > attributes.Length)
            {
                return false;
            }
            ReadOnlySpan<byte> value = attributes[NetlinkConstants.AttributeHeaderLength..length];
            switch (attributeType)
            {
                case NetlinkConstants.AttributeDestination:
                    if (value.Length != addressLength)
                    {
                        return false;
                    }
                    value.CopyTo(destination);
                    hasDestination = true;
                    break;
                case NetlinkConstants.AttributeTable:
                    if (value.Length != 4)
                    {
                        return false;
                    }
                    table = NetlinkMessageReader.ReadUInt32(value);
                    break;
            }
            attributes = attributes[Math.Min(NetlinkConstants.Align(length), attributes.Length)..];
        }
        if (destinationLength > 0 && !hasDestination)
        {
            return false;
        }
        IPAddress address = new(destination[..addressLength]);
        route = new RouteMessage(IpPrefix.Create(address, destinationLength), table, protocol, type);
        return true;
    }
}
