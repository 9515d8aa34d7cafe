namespace Gate64.Protocols.Dns;

/// <summary>
/// EDNS(0) parameters carried by the OPT pseudo-record (RFC 6891 §6.1). The OPT record's TTL holds the
/// extended RCODE (bits 24-31), the version (bits 16-23) and the DO flag (bit 15). <see cref="Options"/> is the
/// raw OPT RDATA: a sequence of {code, length, data}. Equality compares <see cref="Options"/> by content.
/// </summary>
/// <remarks>
/// When a <see cref="DnsMessage"/> is written, the extended RCODE comes from <see cref="DnsMessage.ResponseCode"/>
/// and <see cref="ExtendedResponseCode"/> is ignored; when one is parsed, both agree.
/// </remarks>
public sealed record DnsEdns(ushort UdpPayloadSize, byte ExtendedResponseCode, byte Version, bool DnssecOk, ReadOnlyMemory<byte> Options)
{
    /// <summary>The default UDP payload size recommended by DNS Flag Day 2020.</summary>
    public const ushort DefaultUdpPayloadSize = 1232;

    /// <summary>UDP payload size 1232, version 0, DO clear, no options.</summary>
    public static DnsEdns Default { get; } = new(DefaultUdpPayloadSize, 0, 0, false, ReadOnlyMemory<byte>.Empty);

    public bool Equals(DnsEdns? other) =>
        other is not null
        && UdpPayloadSize == other.UdpPayloadSize
        && ExtendedResponseCode == other.ExtendedResponseCode
        && Version == other.Version
        && DnssecOk == other.DnssecOk
        && Options.Span.SequenceEqual(other.Options.Span);

    public override int GetHashCode()
    {
        HashCode hash = default;
        hash.Add(UdpPayloadSize);
        hash.Add(ExtendedResponseCode);
        hash.Add(Version);
        hash.Add(DnssecOk);
        hash.AddBytes(Options.Span);
        return hash.ToHashCode();
    }
}
