using Gate64.Protocols.Ip;

namespace Gate64.Platform.Netlink;

/// <summary>
/// The parts of an RTM_NEWROUTE/RTM_DELROUTE message the watcher needs. <see cref="Table"/> is RTA_TABLE when present
/// (tables above 255 only fit there), else rtm_table.
/// </summary>
internal readonly record struct RouteMessage(IpPrefix Destination, uint Table, byte Protocol, byte Type);
