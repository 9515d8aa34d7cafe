namespace Gate64.Protocols.Bgp;

/// <summary>NOTIFICATION error codes (RFC 4271 §4.5, RFC 6608, RFC 7313, RFC 9687).</summary>
public static class BgpErrorCode
{
    public const byte MessageHeader = 1;
    public const byte Open = 2;
    public const byte Update = 3;
    public const byte HoldTimerExpired = 4;
    public const byte FsmError = 5;
    public const byte Cease = 6;
    public const byte RouteRefresh = 7;
    public const byte SendHoldTimerExpired = 8;
}
