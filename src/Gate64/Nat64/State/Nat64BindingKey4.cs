namespace Gate64.Nat64.State;

/// <summary>The IPv4 side of a BIB entry: (protocol, pool address, pool port or echo identifier).</summary>
internal readonly struct Nat64BindingKey4 : IEquatable<Nat64BindingKey4>
{
    public Nat64BindingKey4(Nat64Protocol protocol, uint poolAddress, ushort poolPort)
    {
        Protocol = protocol;
        PoolAddress = poolAddress;
        PoolPort = poolPort;
    }

    public Nat64Protocol Protocol { get; }

    public uint PoolAddress { get; }

    public ushort PoolPort { get; }

    public bool Equals(Nat64BindingKey4 other) => PoolAddress == other.PoolAddress && PoolPort == other.PoolPort && Protocol == other.Protocol;

    public override bool Equals(object? obj) => obj is Nat64BindingKey4 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(PoolAddress, PoolPort, (byte)Protocol);
}
