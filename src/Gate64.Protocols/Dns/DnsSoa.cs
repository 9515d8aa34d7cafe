namespace Gate64.Protocols.Dns;

/// <summary>The fields of SOA RDATA (RFC 1035 §3.3.13).</summary>
public readonly record struct DnsSoa(DnsName PrimaryServer, DnsName Mailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum);
