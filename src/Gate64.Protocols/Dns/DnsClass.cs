namespace Gate64.Protocols.Dns;

/// <summary>A resource record CLASS (RFC 1035 §3.2.4). Any other 16-bit value is valid too.</summary>
public enum DnsClass : ushort
{
    IN = 1,
    CH = 3,
    HS = 4,
    ANY = 255,
}
