using Gate64.Protocols.Bgp;

namespace Gate64.Bgp;

/// <summary>The peer broke the protocol; <see cref="Notification"/> is what we tell it before closing.</summary>
internal sealed class BgpProtocolException(BgpNotification notification)
    : Exception($"protocol error: {notification.Describe()}")
{
    public BgpNotification Notification { get; } = notification;
}
