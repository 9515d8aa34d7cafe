namespace Gate64.Cli.Demo;

/// <summary>The addresses of one router ↔ machine link; the IPv6 ones are null on IPv4-only links.</summary>
internal sealed record DemoUplink(
    string RouterIpv4,
    string PeerIpv4,
    int Ipv4PrefixLength,
    string? RouterIpv6,
    string? PeerIpv6,
    int Ipv6PrefixLength);
