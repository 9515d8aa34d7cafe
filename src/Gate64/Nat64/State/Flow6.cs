namespace Gate64.Nat64.State;

/// <summary>
/// The IPv6 side of a flow, as seen on a packet going 6→4. <see cref="Source"/> is the IPv6 client (big-endian value);
/// <see cref="Destination"/> is the IPv4 server's address, already extracted from the Pref64 by the caller (big-endian
/// value). For <see cref="Nat64Protocol.Icmp"/>, <see cref="SourcePort"/> is the echo identifier and
/// <see cref="DestinationPort"/> is ignored.
/// </summary>
public readonly record struct Flow6(Nat64Protocol Protocol, UInt128 Source, ushort SourcePort, uint Destination, ushort DestinationPort);
