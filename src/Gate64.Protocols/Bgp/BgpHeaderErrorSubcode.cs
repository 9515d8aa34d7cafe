namespace Gate64.Protocols.Bgp;

/// <summary>Subcodes of <see cref="BgpErrorCode.MessageHeader"/> (RFC 4271 §6.1).</summary>
public static class BgpHeaderErrorSubcode
{
    public const byte ConnectionNotSynchronized = 1;
    public const byte BadMessageLength = 2;
    public const byte BadMessageType = 3;
}
