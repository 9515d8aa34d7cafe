namespace Gate64.Protocols.Bgp;

/// <summary>Subcodes of <see cref="BgpErrorCode.FsmError"/> (RFC 6608 §3).</summary>
public static class BgpFsmErrorSubcode
{
    public const byte Unspecified = 0;
    public const byte UnexpectedMessageInOpenSent = 1;
    public const byte UnexpectedMessageInOpenConfirm = 2;
    public const byte UnexpectedMessageInEstablished = 3;
}
