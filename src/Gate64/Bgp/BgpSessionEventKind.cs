namespace Gate64.Bgp;

/// <summary>What happened to a session outside its state machine, queued for the session's one loop.</summary>
internal enum BgpSessionEventKind
{
    Connected,
    ConnectFailed,
    MessageReceived,
    FramingError,
    TransportClosed,
    RoutesChanged,
}
