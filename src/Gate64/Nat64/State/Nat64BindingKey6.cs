namespace Gate64.Nat64.State;

/// <summary>The IPv6 side of a BIB entry: (protocol, client address, client port or echo identifier).</summary>
internal readonly struct Nat64BindingKey6 : IEquatable<Nat64BindingKey6>
{
    public Nat64BindingKey6(Nat64Protocol protocol, UInt128 client, ushort clientPort)
    {
        Protocol = protocol;
        Client = client;
        ClientPort = clientPort;
    }

    public Nat64Protocol Protocol { get; }

    public UInt128 Client { get; }

    public ushort ClientPort { get; }

    public bool Equals(Nat64BindingKey6 other) => Client == other.Client && ClientPort == other.ClientPort && Protocol == other.Protocol;

    public override bool Equals(object? obj) => obj is Nat64BindingKey6 other && Equals(other);

    // HashCode is seeded per process: remote parties cannot aim collisions at a bucket.
    public override int GetHashCode() => HashCode.Combine(Client, ClientPort, (byte)Protocol);
}
