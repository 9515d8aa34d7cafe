namespace Gate64.Protocols.Bgp;

/// <summary>Subcodes of <see cref="BgpErrorCode.Open"/> (RFC 4271 §6.2, RFC 5492, RFC 9234).</summary>
public static class BgpOpenErrorSubcode
{
    public const byte Unspecific = 0;
    public const byte UnsupportedVersionNumber = 1;
    public const byte BadPeerAs = 2;
    public const byte BadBgpIdentifier = 3;
    public const byte UnsupportedOptionalParameter = 4;
    public const byte UnacceptableHoldTime = 6;
    public const byte UnsupportedCapability = 7;
    public const byte RoleMismatch = 11;
}
