namespace Gate64.Nat64.State;

/// <summary>
/// The IPv4 side of a flow, as seen on a packet going 4→6. <see cref="Source"/> is the IPv4 server;
/// <see cref="Destination"/> and <see cref="DestinationPort"/> are our pool address and port (big-endian values).
/// For <see cref="Nat64Protocol.Icmp"/>, <see cref="DestinationPort"/> is the echo identifier and
/// <see cref="SourcePort"/> is ignored.
/// </summary>
public readonly record struct Flow4(Nat64Protocol Protocol, uint Source, ushort SourcePort, uint Destination, ushort DestinationPort);
