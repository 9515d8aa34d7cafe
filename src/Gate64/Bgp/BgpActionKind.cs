namespace Gate64.Bgp;

/// <summary>The kinds of state-machine actions.</summary>
internal enum BgpActionKind
{
    Connect,
    Send,
    Disconnect,
    Established,
    SessionDown,
    RouteRefresh,
    UpdateReceived,
}
