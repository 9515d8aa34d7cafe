using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Nat64;

/// <summary>The ICMP type, code and pointer tables of RFC 7915 §4.2 (ICMPv4 → ICMPv6) and §5.2 (ICMPv6 → ICMPv4).</summary>
internal static class IcmpTranslation
{
    internal const byte NotApplicable = 0xFF;

    // ICMPv4 Destination Unreachable codes (RFC 792, RFC 1122, RFC 1812).
    internal const byte V4HostUnreachable = 1;
    internal const byte V4ProtocolUnreachable = 2;
    internal const byte V4PortUnreachable = 3;
    internal const byte V4FragmentationNeeded = 4;
    internal const byte V4SourceRouteFailed = 5;
    internal const byte V4HostAdministrativelyProhibited = 10;

    // ICMPv6 codes (RFC 4443).
    internal const byte V6NoRoute = 0;
    internal const byte V6AdministrativelyProhibited = 1;
    internal const byte V6PortUnreachable = 4;
    internal const byte V6ErroneousHeaderField = 0;
    internal const byte V6UnrecognizedNextHeader = 1;

    /// <summary>Where the Next Header field is in an IPv6 header: the pointer for a translated Protocol Unreachable.</summary>
    internal const uint V6NextHeaderPointer = 6;

    /// <summary>RFC 7915 Figure 3: IPv4 header pointer → IPv6 header pointer, by IPv4 pointer 0–19.</summary>
    private static ReadOnlySpan<byte> PointerV4ToV6 =>
    [
        0, 1, 4, 4,
        NotApplicable, NotApplicable, NotApplicable, NotApplicable,
        7, 6, NotApplicable, NotApplicable,
        8, 8, 8, 8,
        24, 24, 24, 24,
    ];

    /// <summary>RFC 1191 §7: the MTU plateaus, largest first, for a Fragmentation Needed that reports MTU 0.</summary>
    private static ReadOnlySpan<ushort> Plateaus => [65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68];

    /// <summary>
    /// Maps an ICMPv4 error (types 3, 11, 12) to its ICMPv6 type and code (RFC 7915 §4.2). For Parameter Problem,
    /// <paramref name="pointer"/> receives the translated pointer; for Protocol Unreachable it is the IPv6 Next
    /// Header offset. The Packet Too Big MTU is computed by the caller.
    /// </summary>
    internal static TranslationDropReason MapErrorV4ToV6(byte type, byte code, byte pointerV4, out byte typeV6, out byte codeV6, out uint pointer)
    {
        typeV6 = 0;
        codeV6 = 0;
        pointer = 0;
        switch ((IcmpV4Type)type)
        {
            case IcmpV4Type.DestinationUnreachable:
                typeV6 = (byte)IcmpV6Type.DestinationUnreachable;
                switch (code)
                {
                    case 0 or 1 or 5 or 6 or 7 or 8 or 11 or 12:
                        codeV6 = V6NoRoute;
                        return TranslationDropReason.None;
                    case V4ProtocolUnreachable:
                        typeV6 = (byte)IcmpV6Type.ParameterProblem;
                        codeV6 = V6UnrecognizedNextHeader;
                        pointer = V6NextHeaderPointer;
                        return TranslationDropReason.None;
                    case V4PortUnreachable:
                        codeV6 = V6PortUnreachable;
                        return TranslationDropReason.None;
                    case V4FragmentationNeeded:
                        typeV6 = (byte)IcmpV6Type.PacketTooBig;
                        return TranslationDropReason.None;
                    case 9 or 10 or 13 or 15:
                        codeV6 = V6AdministrativelyProhibited;
                        return TranslationDropReason.None;
                    default:
                        return TranslationDropReason.UntranslatableIcmpCode;   // 14 (host precedence violation) and unknown codes
                }
            case IcmpV4Type.TimeExceeded:
                typeV6 = (byte)IcmpV6Type.TimeExceeded;
                codeV6 = code;
                return TranslationDropReason.None;
            case IcmpV4Type.ParameterProblem:
                if (code is not (0 or 2))
                {
                    return TranslationDropReason.UntranslatableIcmpCode;      // 1: missing a required option
                }
                if (pointerV4 >= PointerV4ToV6.Length || PointerV4ToV6[pointerV4] == NotApplicable)
                {
                    return TranslationDropReason.UntranslatableParameterProblemPointer;
                }
                typeV6 = (byte)IcmpV6Type.ParameterProblem;
                codeV6 = V6ErroneousHeaderField;
                pointer = PointerV4ToV6[pointerV4];
                return TranslationDropReason.None;
            default:
                return TranslationDropReason.UntranslatableIcmpType;
        }
    }

    /// <summary>
    /// Maps an ICMPv6 error (types 1–4) to its ICMPv4 type and code (RFC 7915 §5.2); for Parameter Problem,
    /// <paramref name="pointerV4"/> receives the translated pointer (Figure 6). The Fragmentation Needed MTU is
    /// computed by the caller.
    /// </summary>
    internal static TranslationDropReason MapErrorV6ToV4(byte type, byte code, uint pointerV6, out byte typeV4, out byte codeV4, out byte pointerV4)
    {
        typeV4 = (byte)IcmpV4Type.DestinationUnreachable;
        codeV4 = 0;
        pointerV4 = 0;
        switch ((IcmpV6Type)type)
        {
            case IcmpV6Type.DestinationUnreachable:
                switch (code)
                {
                    case 0 or 2 or 3:
                        codeV4 = V4HostUnreachable;
                        return TranslationDropReason.None;
                    case 1:
                        codeV4 = V4HostAdministrativelyProhibited;
                        return TranslationDropReason.None;
                    case 4:
                        codeV4 = V4PortUnreachable;
                        return TranslationDropReason.None;
                    default:
                        return TranslationDropReason.UntranslatableIcmpCode;
                }
            case IcmpV6Type.PacketTooBig:
                codeV4 = V4FragmentationNeeded;
                return TranslationDropReason.None;
            case IcmpV6Type.TimeExceeded:
                typeV4 = (byte)IcmpV4Type.TimeExceeded;
                codeV4 = code;
                return TranslationDropReason.None;
            case IcmpV6Type.ParameterProblem:
                switch (code)
                {
                    case V6ErroneousHeaderField:
                        pointerV4 = PointerV6ToV4(pointerV6);
                        if (pointerV4 == NotApplicable)
                        {
                            return TranslationDropReason.UntranslatableParameterProblemPointer;
                        }
                        typeV4 = (byte)IcmpV4Type.ParameterProblem;
                        codeV4 = 0;
                        return TranslationDropReason.None;
                    case V6UnrecognizedNextHeader:
                        codeV4 = V4ProtocolUnreachable;
                        return TranslationDropReason.None;
                    default:
                        return TranslationDropReason.UntranslatableIcmpCode;   // 2: unrecognized IPv6 option
                }
            default:
                return TranslationDropReason.UntranslatableIcmpType;
        }
    }

    /// <summary>RFC 7915 Figure 6: IPv6 header pointer → IPv4 header pointer, or <see cref="NotApplicable"/>.</summary>
    internal static byte PointerV6ToV4(uint pointer) => pointer switch
    {
        0 => 0,
        1 => 1,
        4 or 5 => 2,
        6 => 9,
        7 => 8,
        >= 8 and <= 23 => 12,
        >= 24 and <= 39 => 16,
        _ => NotApplicable,
    };

    /// <summary>The greatest RFC 1191 plateau below the Total Length of the packet that did not fit (RFC 7915 §4.2).</summary>
    internal static ushort Plateau(int totalLength)
    {
        foreach (ushort plateau in Plateaus)
        {
            if (plateau < totalLength)
            {
                return plateau;
            }
        }
        return Plateaus[^1];
    }
}
