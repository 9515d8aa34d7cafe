namespace Gate64.Protocols.Bgp;

/// <summary>An AFI/SAFI pair (RFC 4760): which kind of routes a capability or attribute is about.</summary>
public readonly record struct BgpAddressFamily(ushort Afi, byte Safi)
{
    public const ushort AfiIpv4 = 1;
    public const ushort AfiIpv6 = 2;
    public const byte SafiUnicast = 1;
    public const byte SafiMulticast = 2;

    public static BgpAddressFamily Ipv4Unicast => new(AfiIpv4, SafiUnicast);

    public static BgpAddressFamily Ipv6Unicast => new(AfiIpv6, SafiUnicast);

    /// <summary>"ipv4-unicast", "ipv6-multicast"; numbers for the families this speaker does not know ("afi-25/safi-70").</summary>
    public override string ToString()
    {
        string afi = Afi switch
        {
            AfiIpv4 => "ipv4",
            AfiIpv6 => "ipv6",
            _ => $"afi-{Afi}",
        };
        string safi = Safi switch
        {
            SafiUnicast => "unicast",
            SafiMulticast => "multicast",
            _ => $"safi-{Safi}",
        };
        return Afi is AfiIpv4 or AfiIpv6 && Safi is SafiUnicast or SafiMulticast ? $"{afi}-{safi}" : $"{afi}/{safi}";
    }
}
