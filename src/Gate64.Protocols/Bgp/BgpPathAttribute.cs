namespace Gate64.Protocols.Bgp;

/// <summary>Path attribute type codes and flag bits (RFC 4271 §4.3, §5).</summary>
internal static class BgpPathAttribute
{
    public const byte OptionalFlag = 0x80;
    public const byte TransitiveFlag = 0x40;
    public const byte PartialFlag = 0x20;
    public const byte ExtendedLengthFlag = 0x10;

    public const byte Origin = 1;
    public const byte AsPath = 2;
    public const byte NextHop = 3;
    public const byte MultiExitDiscriminator = 4;
    public const byte LocalPreference = 5;
    public const byte AtomicAggregate = 6;
    public const byte Aggregator = 7;
    public const byte Communities = 8;
    public const byte OriginatorId = 9;
    public const byte ClusterList = 10;
    public const byte MpReachNlri = 14;
    public const byte MpUnreachNlri = 15;
    public const byte ExtendedCommunities = 16;
    public const byte LargeCommunity = 32;

    public const byte AsSequence = 2;

    /// <summary>
    /// The optional and transitive bits an attribute must carry, or null for types this speaker does not
    /// know. Well-known attributes are transitive and not optional; the others are as RFC 4271, 4456,
    /// 4760, 1997, 4360 and 8092 define them.
    /// </summary>
    public static byte? ExpectedCategory(byte type) => type switch
    {
        Origin or AsPath or NextHop or LocalPreference or AtomicAggregate => TransitiveFlag,
        MultiExitDiscriminator or OriginatorId or ClusterList or MpReachNlri or MpUnreachNlri => OptionalFlag,
        Aggregator or Communities or ExtendedCommunities or LargeCommunity => OptionalFlag | TransitiveFlag,
        _ => null,
    };

    /// <summary>Writes flags, type and length (extended when the value exceeds 255 bytes); returns the header length.</summary>
    public static int WriteHeader(Span<byte> destination, byte flags, byte type, int valueLength)
    {
        if (valueLength > byte.MaxValue)
        {
            destination[0] = (byte)(flags | ExtendedLengthFlag);
            destination[1] = type;
            destination[2] = (byte)(valueLength >> 8);
            destination[3] = (byte)valueLength;
            return 4;
        }

        destination[0] = flags;
        destination[1] = type;
        destination[2] = (byte)valueLength;
        return 3;
    }

    /// <summary>The bytes an attribute with a value of <paramref name="valueLength"/> takes.</summary>
    public static int Size(int valueLength) => (valueLength > byte.MaxValue ? 4 : 3) + valueLength;
}
