using Gate64.Nat64.State;

namespace Gate64.Tests.Nat64.State;

internal sealed class RecordingMappingLog : INat64MappingLog
{
    private readonly Lock _lock = new();

    public List<(Nat64Protocol Protocol, UInt128 Client, ushort ClientPort, uint PoolAddress, ushort PoolPort)> Created { get; } = [];

    public List<(Nat64Protocol Protocol, UInt128 Client, ushort ClientPort, uint PoolAddress, ushort PoolPort)> Removed { get; } = [];

    public void BindingCreated(Nat64Protocol protocol, UInt128 client, ushort clientPort, uint poolAddress, ushort poolPort)
    {
        lock (_lock)
        {
            Created.Add((protocol, client, clientPort, poolAddress, poolPort));
        }
    }

    public void BindingRemoved(Nat64Protocol protocol, UInt128 client, ushort clientPort, uint poolAddress, ushort poolPort)
    {
        lock (_lock)
        {
            Removed.Add((protocol, client, clientPort, poolAddress, poolPort));
        }
    }
}
