namespace Gate64.Nat64.State;

/// <summary>A BIB entry: (protocol, client, client port) ⇄ (pool address, pool port). Lives while it has sessions.</summary>
internal sealed class Nat64Binding
{
    public Nat64Binding(Nat64Protocol protocol, Nat64Client client, ushort clientPort, ushort poolPort)
    {
        Protocol = protocol;
        Client = client;
        ClientPort = clientPort;
        PoolPort = poolPort;
    }

    public Nat64Protocol Protocol { get; }

    public Nat64Client Client { get; }

    public ushort ClientPort { get; }

    public uint PoolAddress => Client.Pool.Address;

    public ushort PoolPort { get; }

    public int SessionCount { get; set; }
}
