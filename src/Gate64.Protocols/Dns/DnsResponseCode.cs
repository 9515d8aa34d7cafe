namespace Gate64.Protocols.Dns;

/// <summary>
/// The response code. With EDNS (RFC 6891 §6.1.3) it is 12 bits: the header's low 4 bits plus the
/// OPT record's extended RCODE shifted left by 4.
/// </summary>
public enum DnsResponseCode : ushort
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}
