using Gate64.Protocols.Ip;

namespace Gate64.Platform.Netlink;

/// <summary>
/// Interprets one datagram read from a NETLINK_ROUTE socket: replies to our own dump (addressed to our port id with
/// our sequence number) add the owned routes they carry to the dump's set; notifications only say whether something
/// relevant changed. Pure and bounded, and it never throws: input it does not understand sets
/// <see cref="RouteDatagramEvents.Malformed"/>.
/// </summary>
internal static class RouteDatagram
{
    /// <param name="datagram">The bytes received.</param>
    /// <param name="portId">Our socket's port id (dump replies are addressed to it; notifications carry the requester's).</param>
    /// <param name="dumpSequence">The sequence number of the dump in progress, or null when none is.</param>
    /// <param name="ownedProtocol">The route protocol number that marks owned routes.</param>
    /// <param name="dumpRoutes">Where the owned routes of dump replies go.</param>
    /// <param name="dumpError">The errno of a refused dump (positive), else 0.</param>
    public static RouteDatagramEvents Interpret(
        ReadOnlySpan<byte> datagram,
        uint portId,
        uint? dumpSequence,
        byte ownedProtocol,
        ISet<IpPrefix> dumpRoutes,
        out int dumpError)
    {
        dumpError = 0;
        RouteDatagramEvents events = RouteDatagramEvents.None;
        while (true)
        {
            NetlinkReadStatus status = NetlinkMessageReader.TryRead(datagram, out NetlinkHeader header, out ReadOnlySpan<byte> payload, out int consumed);
            if (status == NetlinkReadStatus.End)
            {
                return events;
            }
            if (status == NetlinkReadStatus.Malformed)
            {
                return events | RouteDatagramEvents.Malformed;
            }
            datagram = datagram[consumed..];

            bool dumpReply = dumpSequence is { } sequence && header.Sequence == sequence && header.PortId == portId;
            if (dumpReply && (header.Flags & NetlinkConstants.FlagDumpInterrupted) != 0)
            {
                events |= RouteDatagramEvents.DumpInterrupted;
            }
            switch (header.Type)
            {
                case NetlinkConstants.MessageDone when dumpReply:
                    events |= RouteDatagramEvents.DumpDone;
                    break;
                case NetlinkConstants.MessageError:
                    if (payload.Length < 4)
                    {
                        events |= RouteDatagramEvents.Malformed;
                    }
                    else if (dumpReply && (int)NetlinkMessageReader.ReadUInt32(payload) is int error and not 0)
                    {
                        events |= RouteDatagramEvents.DumpFailed;
                        dumpError = error == int.MinValue ? int.MaxValue : -error;
                    }
                    break;
                case NetlinkConstants.MessageOverrun:
                    events |= RouteDatagramEvents.Malformed;
                    break;
                case NetlinkConstants.NewLink or NetlinkConstants.DeleteLink when !dumpReply:
                    events |= RouteDatagramEvents.LinkChanged;
                    break;
                case NetlinkConstants.NewRoute or NetlinkConstants.DeleteRoute:
                    if (!RouteMessageParser.TryParse(payload, out RouteMessage route))
                    {
                        // Families other than IPv4/IPv6 (MPLS, multicast) are not ours; a broken IPv4/IPv6 one is suspect.
                        if (payload.Length < NetlinkConstants.RouteMessageLength || payload[0] is NetlinkConstants.AfInet or NetlinkConstants.AfInet6)
                        {
                            events |= RouteDatagramEvents.Malformed;
                        }
                        break;
                    }
                    if (route.Table != NetlinkConstants.TableMain || route.Protocol != ownedProtocol)
                    {
                        break;
                    }
                    if (!dumpReply)
                    {
                        events |= RouteDatagramEvents.OwnedRouteChanged;
                    }
                    else if (header.Type == NetlinkConstants.NewRoute && route.Type == NetlinkConstants.RouteTypeUnicast)
                    {
                        dumpRoutes.Add(route.Destination);
                    }
                    break;
            }
        }
    }
}
