namespace Gate64.Protocols.Dns;

/// <summary>An entry of the question section (RFC 1035 §4.1.2).</summary>
public sealed record DnsQuestion(DnsName Name, DnsRecordType Type, DnsClass Class);
