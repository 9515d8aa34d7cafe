namespace Gate64.Protocols.Nat64;

/// <summary>Settings of a <see cref="Translator"/>. The defaults follow RFC 7915 and leave MTU limits to the kernel.</summary>
public sealed record TranslatorOptions
{
    /// <summary>The IPv6 minimum link MTU (RFC 8200 §5).</summary>
    public const int MinimumIpv6Mtu = 1280;

    /// <summary>The IPv4 minimum MTU (RFC 791).</summary>
    public const int MinimumIpv4Mtu = 68;

    /// <summary>
    /// RFC 7915 §4.1 and §5.1: "SHOULD support an administratively configurable option to ignore the IPv4 TOS and
    /// always set the IPv6 traffic class to zero" (and the reverse). When true both directions write zero.
    /// </summary>
    public bool ZeroTrafficClass { get; init; }

    /// <summary>
    /// The MTU towards IPv4 next hops. An IPv6 packet whose translation is larger and gets DF is answered with
    /// Packet Too Big (MTU + 20, at least 1280); one without DF is fragmented. 65535 (the default) means no limit:
    /// the kernel that forwards the TUN's output fragments or reports as any router would.
    /// </summary>
    public int Ipv4Mtu { get; init; } = 65535;

    /// <summary>
    /// The MTU towards IPv6 next hops. An IPv4 packet with DF whose translation is larger is answered with
    /// Fragmentation Needed (MTU − 20). 65535 (the default) means no limit. Also an input to the MTU written into
    /// translated Packet Too Big / Fragmentation Needed messages (RFC 7915 §4.2, §5.2).
    /// </summary>
    public int Ipv6Mtu { get; init; } = 65535;

    /// <summary>
    /// RFC 7915 §4.1: an IPv4 packet without DF whose translation is larger than this is fragmented so that every
    /// IPv6 fragment fits (Jool's <c>lowest-ipv6-mtu</c>). At least 1280; raise it only when the whole IPv6 side is
    /// known to carry more.
    /// </summary>
    public int LowestIpv6Mtu { get; init; } = MinimumIpv6Mtu;

    /// <summary>
    /// The largest packet one segment of a GSO super-packet may become after translation (the MTU of the TUN device,
    /// which stands for the path). A TCP super-packet gets a smaller segment
    /// size when its segments would be larger (IPv4 → IPv6 adds 20 bytes of header to each); a UDP one, whose
    /// segments are datagrams, is dropped. 65535 (the default) means no limit beyond <see cref="Ipv4Mtu"/> and
    /// <see cref="Ipv6Mtu"/>.
    /// </summary>
    public int SegmentMtu { get; init; } = 65535;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentMtu, MinimumIpv4Mtu, nameof(SegmentMtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SegmentMtu, 65535, nameof(SegmentMtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(Ipv4Mtu, MinimumIpv4Mtu, nameof(Ipv4Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Ipv4Mtu, 65535, nameof(Ipv4Mtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(Ipv6Mtu, MinimumIpv6Mtu, nameof(Ipv6Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Ipv6Mtu, 65535, nameof(Ipv6Mtu));
        ArgumentOutOfRangeException.ThrowIfLessThan(LowestIpv6Mtu, MinimumIpv6Mtu, nameof(LowestIpv6Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LowestIpv6Mtu, 65535, nameof(LowestIpv6Mtu));
    }
}
