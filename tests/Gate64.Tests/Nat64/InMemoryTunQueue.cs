using System.Collections.Concurrent;
using Gate64.Platform;

namespace Gate64.Tests.Nat64;

/// <summary>A TUN queue in memory: packets to read are queued by the test, packets written are collected.</summary>
internal sealed class InMemoryTunQueue : ITunQueue, INonBlockingTunReader
{
    private readonly BlockingCollection<byte[]> _incoming = [];

    public ConcurrentQueue<byte[]> Written { get; } = new();

    /// <summary>Makes a later <see cref="Read"/> return this packet.</summary>
    public void Inject(byte[] packet) => _incoming.Add(packet);

    /// <summary>Makes <see cref="Read"/> return 0 once the queued packets are read.</summary>
    public void Stop() => _incoming.CompleteAdding();

    public int Read(Span<byte> buffer)
    {
        if (!_incoming.TryTake(out byte[]? packet, Timeout.Infinite))
        {
            return 0;
        }
        packet.CopyTo(buffer);
        return packet.Length;
    }

    public int TryRead(Span<byte> buffer)
    {
        if (!_incoming.TryTake(out byte[]? packet))
        {
            return 0;
        }
        packet.CopyTo(buffer);
        return packet.Length;
    }

    public bool Write(ReadOnlySpan<byte> packet)
    {
        Written.Enqueue(packet.ToArray());
        return true;
    }

    /// <summary>The one packet written since the last call; fails when there were none or several.</summary>
    public byte[] TakeSingle()
    {
        byte[][] written = [.. Written];
        Written.Clear();
        return Assert.Single(written);
    }
}
