namespace Gate64.Protocols.Dns;

/// <summary>
/// A resource record TYPE (RFC 1035 §3.2.2 and the IANA registry). Any other 16-bit value is valid too
/// and is carried as opaque RDATA (RFC 3597).
/// </summary>
public enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
    DNAME = 39,
    OPT = 41,
    DS = 43,
    RRSIG = 46,
    NSEC = 47,
    DNSKEY = 48,
    ANY = 255,
}
