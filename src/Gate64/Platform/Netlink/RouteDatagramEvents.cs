namespace Gate64.Platform.Netlink;

/// <summary>What a datagram from the route socket told the watcher.</summary>
[Flags]
internal enum RouteDatagramEvents
{
    None = 0,

    /// <summary>A notification about a route of the owned protocol in the main table (added, changed or deleted).</summary>
    OwnedRouteChanged = 1,

    /// <summary>
    /// A link was added, changed or deleted. The kernel removes IPv4 routes through a deleted or downed interface
    /// without an RTM_DELROUTE, so a link event means "look again".
    /// </summary>
    LinkChanged = 2,

    /// <summary>The dump in progress ended (NLMSG_DONE).</summary>
    DumpDone = 4,

    /// <summary>The dump request was refused (NLMSG_ERROR with an error code).</summary>
    DumpFailed = 8,

    /// <summary>The table changed while it was being dumped (NLM_F_DUMP_INTR): the dump is not consistent.</summary>
    DumpInterrupted = 16,

    /// <summary>Something did not parse, or the kernel reported an overrun: only a fresh dump can be trusted.</summary>
    Malformed = 32,
}
