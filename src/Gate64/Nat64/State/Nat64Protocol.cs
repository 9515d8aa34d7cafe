namespace Gate64.Nat64.State;

/// <summary>
/// The transport protocols with binding and session state (RFC 6146 §3.5). The values are the IPv4 protocol numbers.
/// <see cref="Icmp"/> stands for ICMP echo request and reply flows (ICMPv6 128/129 on the IPv6 side); their "port" is
/// the echo identifier (RFC 6146 §3.5.3).
/// </summary>
public enum Nat64Protocol : byte
{
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
}
