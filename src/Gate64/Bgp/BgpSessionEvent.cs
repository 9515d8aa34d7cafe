using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>
/// One event for a session's loop. <see cref="Transport"/> numbers the connection it came from, so
/// news from a connection already abandoned (a late connect, a last read) is recognised and dropped.
/// </summary>
internal sealed record BgpSessionEvent(BgpSessionEventKind Kind, long Transport)
{
    public BgpConnection? Connection { get; init; }

    public byte[]? Message { get; init; }

    public string? Reason { get; init; }

    public BgpNotification? Notification { get; init; }
}
