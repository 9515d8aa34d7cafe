using Gate64.Platform;

namespace Gate64.Tests.Nat64;

/// <summary>A TUN queue that only counts what is written (for allocation measurements).</summary>
internal sealed class CountingTunQueue : ITunQueue
{
    public int Count { get; private set; }

    public int Read(Span<byte> buffer) => 0;

    public bool Write(ReadOnlySpan<byte> packet)
    {
        Count++;
        return true;
    }
}
