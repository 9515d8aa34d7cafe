namespace Gate64.Nat64.State;

/// <summary>Address-dependent filtering: (protocol, pool address, pool port, remote IPv4 address) the client has sessions with.</summary>
internal readonly struct Nat64FilterKey : IEquatable<Nat64FilterKey>
{
    public Nat64FilterKey(Nat64Protocol protocol, uint poolAddress, ushort poolPort, uint remote)
    {
        Protocol = protocol;
        PoolAddress = poolAddress;
        PoolPort = poolPort;
        Remote = remote;
    }

    public Nat64Protocol Protocol { get; }

    public uint PoolAddress { get; }

    public ushort PoolPort { get; }

    public uint Remote { get; }

    public bool Equals(Nat64FilterKey other) =>
        Remote == other.Remote && PoolPort == other.PoolPort && PoolAddress == other.PoolAddress && Protocol == other.Protocol;

    public override bool Equals(object? obj) => obj is Nat64FilterKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Remote, PoolAddress, PoolPort, (byte)Protocol);
}
