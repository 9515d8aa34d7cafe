namespace Gate64.Nat64.State;

/// <summary>An IPv6 client with bindings: its paired pool address (RFC 6888 REQ-2) and its binding count (the quota).</summary>
internal sealed class Nat64Client
{
    public Nat64Client(UInt128 address, Nat64PoolAddress pool)
    {
        Address = address;
        Pool = pool;
    }

    public UInt128 Address { get; }

    /// <summary>The one pool address all of this client's bindings use while it has any.</summary>
    public Nat64PoolAddress Pool { get; }

    public int BindingCount { get; set; }
}
