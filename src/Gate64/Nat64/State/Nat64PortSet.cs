using System.Numerics;

namespace Gate64.Nat64.State;

/// <summary>The ports of one protocol on one pool address that are bound: a 65,536-bit map (8 KiB).</summary>
internal sealed class Nat64PortSet
{
    private const ulong EvenPorts = 0x5555_5555_5555_5555;
    private const ulong OddPorts = 0xAAAA_AAAA_AAAA_AAAA;

    private readonly ulong[] _bits = new ulong[65536 / 64];

    public int Count { get; private set; }

    public bool Contains(int port) => (_bits[port >> 6] & (1UL << (port & 63))) != 0;

    public void Add(int port)
    {
        _bits[port >> 6] |= 1UL << (port & 63);
        Count++;
    }

    public void Remove(int port)
    {
        _bits[port >> 6] &= ~(1UL << (port & 63));
        Count--;
    }

    /// <summary>
    /// The first free port in [<paramref name="low"/>, <paramref name="high"/>] at or after <paramref name="start"/>,
    /// wrapping around, of the given parity (0 even, 1 odd, -1 any); -1 when there is none. Looks at whole words, so
    /// the cost is bounded by the range: at most 1,025 word tests for the full 16-bit space.
    /// </summary>
    public int FindFree(int low, int high, int start, int parity)
    {
        int firstWord = low >> 6;
        int words = (high >> 6) - firstWord + 1;
        int startWord = start >> 6;
        ulong parityMask = parity switch
        {
            0 => EvenPorts,
            1 => OddPorts,
            _ => ulong.MaxValue,
        };
        for (int i = 0; i <= words; i++)
        {
            int word = firstWord + ((startWord - firstWord + i) % words);
            int wordBase = word << 6;
            int lowBit = Math.Max(low - wordBase, 0);
            int highBit = Math.Min(high - wordBase, 63);
            ulong free = ~_bits[word] & parityMask & (ulong.MaxValue << lowBit) & (ulong.MaxValue >> (63 - highBit));
            if (i == 0)
            {
                free &= ulong.MaxValue << (start & 63);   // the rest of the start word comes last, at i == words
            }
            if (free != 0)
            {
                return wordBase + BitOperations.TrailingZeroCount(free);
            }
        }
        return -1;
    }
}
