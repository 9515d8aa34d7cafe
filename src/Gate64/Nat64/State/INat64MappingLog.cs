namespace Gate64.Nat64.State;

/// <summary>
/// Receives binding (BIB) events, the log that RFC 6888 REQ-12 asks for: who held which pool address and port when,
/// without destinations. Called outside the table's lock, after the change; keep it quick (hand off to a queue).
/// Addresses are big-endian values.
/// </summary>
public interface INat64MappingLog
{
    public void BindingCreated(Nat64Protocol protocol, UInt128 client, ushort clientPort, uint poolAddress, ushort poolPort);

    public void BindingRemoved(Nat64Protocol protocol, UInt128 client, ushort clientPort, uint poolAddress, ushort poolPort);
}
