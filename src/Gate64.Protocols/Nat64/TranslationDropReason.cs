namespace Gate64.Protocols.Nat64;

/// <summary>Why <see cref="Translator"/> dropped a packet.</summary>
public enum TranslationDropReason
{
    /// <summary>Not dropped.</summary>
    None,

    /// <summary>The IP header is invalid: version, length fields, or (IPv4) header checksum.</summary>
    MalformedPacket,

    /// <summary>The IPv6 extension headers are truncated, out of order or repeated.</summary>
    MalformedExtensionHeaders,

    /// <summary>More IPv6 extension headers than the walker accepts.</summary>
    TooManyExtensionHeaders,

    /// <summary>
    /// The protocol number belongs to the other family: ICMPv4 (1) inside IPv6, or ICMPv6 (58) or an IPv6 extension
    /// header (0, 43, 44, 60) inside IPv4. RFC 7915 would copy it; the result would smuggle an unchecked ICMP message
    /// or forged extension headers across, so such packets are dropped.
    /// </summary>
    UntranslatableProtocol,

    /// <summary>The TCP, UDP or ICMP header is not complete.</summary>
    TruncatedTransportHeader,

    /// <summary>
    /// A first fragment of an ICMP message whose checksum cannot be converted: an error, or an echo without
    /// <see cref="Nat64Mapping.EchoLength"/> (the pseudo-header needs the whole message's length).
    /// </summary>
    FragmentedIcmp,

    /// <summary>A fragmented IPv4 UDP packet with a zero checksum (RFC 7915 §4.5: reassemble, or drop).</summary>
    FragmentedZeroChecksumUdp,

    /// <summary>An ICMP type with no counterpart (RFC 7915 §4.2/§5.2 "silently drop"): MLD, ND, timestamps, redirects, unknown types.</summary>
    UntranslatableIcmpType,

    /// <summary>An ICMP error code with no counterpart.</summary>
    UntranslatableIcmpCode,

    /// <summary>A Parameter Problem pointer with no counterpart (RFC 7915 Figures 3 and 6, "n/a").</summary>
    UntranslatableParameterProblemPointer,

    /// <summary>An ICMP error whose checksum does not verify.</summary>
    BadIcmpChecksum,

    /// <summary>The packet quoted in an ICMP error is not a usable IP packet.</summary>
    MalformedInnerPacket,

    /// <summary>An ICMP error quoting another ICMP error (RFC 7915 §4.3/§5.3: not translated).</summary>
    NestedIcmpError,

    /// <summary>The hop limit or TTL expired on a packet that gets no ICMP error (itself an ICMP error, or an IPv4 non-first fragment).</summary>
    HopLimitExceeded,

    /// <summary>Too big for the next hop, on a packet that gets no ICMP error.</summary>
    PacketTooBig,

    /// <summary>A non-zero Segments Left or an unexpired source route, on a packet that gets no ICMP error.</summary>
    SourceRouted,

    /// <summary>The translated packet would exceed 65535 bytes.</summary>
    PacketTooLarge,

    /// <summary>
    /// A GSO super-packet whose virtio header contradicts it: a segmentation type for another protocol or family, a
    /// zero segment size, no partial checksum, or lengths and offsets beyond the packet.
    /// </summary>
    MalformedOffload,

    /// <summary>
    /// A GSO super-packet of a kind the translator does not segment across families: UDP fragmentation offload,
    /// unknown types, an IPv6 Fragment header or IPv4 fragment, a checksum that does not start at the transport header.
    /// </summary>
    UnsupportedOffload,

    /// <summary>The output buffer is too small (a caller bug; see <see cref="Translator.MaxOutputLength4To6"/>).</summary>
    OutputTooSmall,
}
