namespace Gate64.Nat64.State;

/// <summary>
/// A session seen from the IPv4 side, the same key for both directions: (protocol, pool address, pool port, remote
/// IPv4 address, remote port). The remote port of an ICMP echo session is 0: the identifier is the pool "port".
/// </summary>
internal readonly struct Nat64SessionKey : IEquatable<Nat64SessionKey>
{
    public Nat64SessionKey(Nat64Protocol protocol, uint poolAddress, ushort poolPort, uint remote, ushort remotePort)
    {
        Protocol = protocol;
        PoolAddress = poolAddress;
        PoolPort = poolPort;
        Remote = remote;
        RemotePort = remotePort;
    }

    public Nat64Protocol Protocol { get; }

    public uint PoolAddress { get; }

    public ushort PoolPort { get; }

    public uint Remote { get; }

    public ushort RemotePort { get; }

    public bool Equals(Nat64SessionKey other) =>
        Remote == other.Remote && RemotePort == other.RemotePort && PoolPort == other.PoolPort
        && PoolAddress == other.PoolAddress && Protocol == other.Protocol;

    public override bool Equals(object? obj) => obj is Nat64SessionKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Remote, RemotePort, PoolAddress, PoolPort, (byte)Protocol);
}
