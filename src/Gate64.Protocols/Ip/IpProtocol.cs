namespace Gate64.Protocols.Ip;

/// <summary>IANA "Assigned Internet Protocol Numbers" used by the IPv4 Protocol and IPv6 Next Header fields.</summary>
public enum IpProtocol : byte
{
    /// <summary>IPv6 Hop-by-Hop Options extension header (RFC 8200 §4.3).</summary>
    HopByHopOptions = 0,

    /// <summary>ICMP for IPv4 (RFC 792).</summary>
    Icmp = 1,

    Tcp = 6,

    Udp = 17,

    /// <summary>IPv6 Routing extension header (RFC 8200 §4.4).</summary>
    Routing = 43,

    /// <summary>IPv6 Fragment extension header (RFC 8200 §4.5).</summary>
    Fragment = 44,

    /// <summary>Encapsulating Security Payload (RFC 4303).</summary>
    EncapsulatingSecurityPayload = 50,

    /// <summary>Authentication Header (RFC 4302).</summary>
    AuthenticationHeader = 51,

    /// <summary>ICMP for IPv6 (RFC 4443).</summary>
    IcmpV6 = 58,

    /// <summary>No Next Header for IPv6 (RFC 8200 §4.7).</summary>
    NoNextHeader = 59,

    /// <summary>IPv6 Destination Options extension header (RFC 8200 §4.6).</summary>
    DestinationOptions = 60,
}
