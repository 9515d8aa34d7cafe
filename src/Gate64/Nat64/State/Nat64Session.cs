namespace Gate64.Nat64.State;

/// <summary>A session table entry; also a node of the intrusive expiry list of its timer.</summary>
internal sealed class Nat64Session
{
    public Nat64Session(Nat64SessionKey key, Nat64Binding binding)
    {
        Key = key;
        Binding = binding;
    }

    public Nat64SessionKey Key { get; }

    public Nat64Binding Binding { get; }

    public Nat64TcpState State { get; set; }

    public Nat64SessionTimer Timer { get; set; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> value at which the session has expired.</summary>
    public long ExpiresAt { get; set; }

    public Nat64Session? Previous { get; set; }

    public Nat64Session? Next { get; set; }
}
