namespace Gate64.Protocols.Ip;

/// <summary>Why untrusted IP bytes were rejected. The header views never throw on untrusted input.</summary>
public enum IpParseError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The data ends before the structure being read.</summary>
    Truncated,

    /// <summary>The version nibble is not the one expected (4 or 6).</summary>
    BadVersion,

    /// <summary>The IPv4 Internet Header Length is below 5 words.</summary>
    BadHeaderLength,

    /// <summary>The IPv4 Total Length is shorter than the header, or longer than the data; or the IPv6 Payload Length is longer than the data.</summary>
    BadLength,

    /// <summary>The IPv4 header checksum does not verify.</summary>
    BadChecksum,

    /// <summary>An IPv6 packet has more extension headers than <see cref="Ipv6ExtensionChain.MaxExtensionHeaders"/>.</summary>
    TooManyExtensionHeaders,

    /// <summary>A Hop-by-Hop Options header is not the first header after the IPv6 header (RFC 8200 §4.1).</summary>
    HopByHopNotFirst,

    /// <summary>An IPv6 packet has more than one Fragment header.</summary>
    DuplicateFragmentHeader,
}
