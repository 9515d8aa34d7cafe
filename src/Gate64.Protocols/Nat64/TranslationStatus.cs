namespace Gate64.Protocols.Nat64;

/// <summary>What the caller of <see cref="Translator"/> does next.</summary>
public enum TranslationStatus
{
    /// <summary>The output holds <see cref="TranslationResult.PacketCount"/> packets to send (more than one when fragmented).</summary>
    Translated,

    /// <summary>Discard the packet; <see cref="TranslationResult.DropReason"/> says why (for counters and logs).</summary>
    Drop,

    /// <summary>
    /// The hop limit (6→4) or TTL (4→6) would reach zero: send ICMPv6 Time Exceeded (3/0) or ICMPv4 Time Exceeded
    /// (11/0) to the packet's source instead (<see cref="IcmpErrorBuilder"/>).
    /// </summary>
    SendTimeExceeded,

    /// <summary>
    /// 6→4: the translated packet gets DF and exceeds <see cref="TranslatorOptions.Ipv4Mtu"/>: send ICMPv6 Packet Too
    /// Big (2/0) with the MTU in <see cref="TranslationResult.IcmpParameter"/>.
    /// </summary>
    SendPacketTooBig,

    /// <summary>
    /// 4→6: the packet has DF and its translation exceeds <see cref="TranslatorOptions.Ipv6Mtu"/>: send ICMPv4
    /// Fragmentation Needed (3/4) with the MTU in <see cref="TranslationResult.IcmpParameter"/>.
    /// </summary>
    SendFragmentationNeeded,

    /// <summary>
    /// 6→4: a Routing header has Segments Left ≠ 0 (RFC 7915 §5.1): send ICMPv6 Parameter Problem (4/0) with the
    /// pointer in <see cref="TranslationResult.IcmpParameter"/>.
    /// </summary>
    SendParameterProblem,

    /// <summary>4→6: an unexpired source route option (RFC 7915 §4.1): send ICMPv4 Source Route Failed (3/5).</summary>
    SendSourceRouteFailed,
}
