namespace Gate64.Protocols.Ip;

/// <summary>Special-purpose address ranges (RFC 6890 and its IANA registries).</summary>
public static class SpecialAddresses
{
    /// <summary>IPv4 ranges that are not globally reachable; RFC 6052 §3.1 forbids embedding them in the Well-Known Prefix.</summary>
    private static readonly IpPrefix[] s_nonGlobalIpv4 =
    [
        IpPrefix.Parse("0.0.0.0/8"),          // "this network"
        IpPrefix.Parse("10.0.0.0/8"),         // private use
        IpPrefix.Parse("100.64.0.0/10"),      // shared address space (CGN)
        IpPrefix.Parse("127.0.0.0/8"),        // loopback
        IpPrefix.Parse("169.254.0.0/16"),     // link local
        IpPrefix.Parse("172.16.0.0/12"),      // private use
        IpPrefix.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IpPrefix.Parse("192.0.2.0/24"),       // documentation (TEST-NET-1)
        IpPrefix.Parse("192.168.0.0/16"),     // private use
        IpPrefix.Parse("198.18.0.0/15"),      // benchmarking
        IpPrefix.Parse("198.51.100.0/24"),    // documentation (TEST-NET-2)
        IpPrefix.Parse("203.0.113.0/24"),     // documentation (TEST-NET-3)
        IpPrefix.Parse("224.0.0.0/4"),        // multicast
        IpPrefix.Parse("240.0.0.0/4"),        // reserved, and the limited broadcast address
    ];

    /// <summary>True when a 4-byte IPv4 address is globally reachable.</summary>
    public static bool IsGlobalIpv4(ReadOnlySpan<byte> ipv4)
    {
        foreach (IpPrefix range in s_nonGlobalIpv4)
        {
            if (range.Contains(ipv4))
            {
                return false;
            }
        }
        return true;
    }
}
