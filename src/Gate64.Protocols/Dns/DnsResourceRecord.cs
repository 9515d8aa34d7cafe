namespace Gate64.Protocols.Dns;

/// <summary>
/// A resource record (RFC 1035 §4.1.3). <see cref="Data"/> is the RDATA: for types whose RDATA embeds names
/// that may be compressed on the wire (NS, CNAME, SOA, PTR, MX, SRV, DNAME, …) the names are stored expanded, so
/// the bytes are valid outside the original message; every other type is opaque (RFC 3597).
/// Equality compares <see cref="Data"/> by content.
/// </summary>
public sealed record DnsResourceRecord(DnsName Name, DnsRecordType Type, DnsClass Class, uint Ttl, ReadOnlyMemory<byte> Data)
{
    /// <summary>A copy with another TTL.</summary>
    public DnsResourceRecord WithTtl(uint ttl) => this with { Ttl = ttl };

    public bool Equals(DnsResourceRecord? other) =>
        other is not null
        && Type == other.Type
        && Class == other.Class
        && Ttl == other.Ttl
        && Name.Equals(other.Name)
        && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(Name);
        hash.Add(Type);
        hash.Add(Class);
        hash.Add(Ttl);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }
}
