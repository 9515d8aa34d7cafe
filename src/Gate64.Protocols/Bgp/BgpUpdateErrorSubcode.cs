namespace Gate64.Protocols.Bgp;

/// <summary>Subcodes of <see cref="BgpErrorCode.Update"/> (RFC 4271 §6.3).</summary>
public static class BgpUpdateErrorSubcode
{
    public const byte MalformedAttributeList = 1;
    public const byte UnrecognizedWellKnownAttribute = 2;
    public const byte MissingWellKnownAttribute = 3;
    public const byte AttributeFlagsError = 4;
    public const byte AttributeLengthError = 5;
    public const byte InvalidOriginAttribute = 6;
    public const byte InvalidNextHopAttribute = 8;
    public const byte OptionalAttributeError = 9;
    public const byte InvalidNetworkField = 10;
    public const byte MalformedAsPath = 11;
}
