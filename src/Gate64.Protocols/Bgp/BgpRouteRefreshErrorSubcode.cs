namespace Gate64.Protocols.Bgp;

/// <summary>Subcodes of <see cref="BgpErrorCode.RouteRefresh"/> (RFC 7313 §5).</summary>
public static class BgpRouteRefreshErrorSubcode
{
    public const byte InvalidMessageLength = 1;
}
