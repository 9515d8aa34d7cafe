using System.Text;
using Gate64.Resolver;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Resolver;

public class TtlCacheTests
{
    /// <summary>What the cache charges per entry besides the caller's size and the key.</summary>
    private const int Overhead = TtlCache<object>.EntryOverhead;

    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryGet_StoredEntry_ReturnsItWithItsAge()
    {
        TtlCache<string> cache = new(10_000, _time);
        cache.Set(Key("a"), "alpha", s_minute, 10);

        _time.Advance(TimeSpan.FromSeconds(42));

        Assert.True(cache.TryGet(Key("a"), out string value, out TimeSpan age));
        Assert.Equal("alpha", value);
        Assert.Equal(TimeSpan.FromSeconds(42), age);
        Assert.False(cache.TryGet(Key("b"), out _, out _));
    }

    [Fact]
    public void TryGet_AfterTheTtl_MissesAndFreesTheEntry()
    {
        TtlCache<string> cache = new(10_000, _time);
        cache.Set(Key("a"), "alpha", s_minute, 10);

        _time.Advance(TimeSpan.FromSeconds(59.9));
        Assert.True(cache.TryGet(Key("a"), out _, out _));
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(cache.TryGet(Key("a"), out _, out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.SizeBytes);
    }

    [Fact]
    public void Set_ZeroOrNegativeTtl_StoresNothing()
    {
        TtlCache<string> cache = new(10_000, _time);

        cache.Set(Key("a"), "alpha", TimeSpan.Zero, 10);
        cache.Set(Key("b"), "beta", TimeSpan.FromSeconds(-1), 10);

        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Key("a"), out _, out _));
    }

    [Fact]
    public void Set_SameKey_ReplacesWithoutCountingTwice()
    {
        TtlCache<string> cache = new(10_000, _time);
        cache.Set(Key("a"), "one", s_minute, 100);
        cache.Set(Key("a"), "two", s_minute, 50);

        Assert.Equal(1, cache.Count);
        Assert.Equal(50 + 1 + Overhead, cache.SizeBytes);
        Assert.True(cache.TryGet(Key("a"), out string value, out _));
        Assert.Equal("two", value);
    }

    [Fact]
    public void Set_ManyEntries_SizeNeverExceedsTheCapacity()
    {
        const long Capacity = 4096;
        TtlCache<string> cache = new(Capacity, _time);
        Random random = new(7);

        for (int i = 0; i < 2000; i++)
        {
            cache.Set(Key($"key-{i}"), $"value-{i}", s_minute, random.Next(1, 600));
            Assert.InRange(cache.SizeBytes, 1, Capacity);
        }

        Assert.True(cache.Count > 1);
        // The newest entry always survives: eviction takes the least recently used first.
        Assert.True(cache.TryGet(Key("key-1999"), out string newest, out _));
        Assert.Equal("value-1999", newest);
    }

    [Fact]
    public void Set_EntryLargerThanTheCapacity_IsNotStoredAndEvictsNothing()
    {
        TtlCache<string> cache = new(1000, _time);
        cache.Set(Key("a"), "alpha", s_minute, 100);

        cache.Set(Key("b"), "huge", s_minute, 1000);

        Assert.False(cache.TryGet(Key("b"), out _, out _));
        Assert.True(cache.TryGet(Key("a"), out _, out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Set_WhenFull_EvictsTheLeastRecentlyUsed()
    {
        const int Size = 100;
        TtlCache<string> cache = new(3 * (Size + 1 + Overhead), _time);
        cache.Set(Key("1"), "one", s_minute, Size);
        cache.Set(Key("2"), "two", s_minute, Size);
        cache.Set(Key("3"), "three", s_minute, Size);

        cache.Set(Key("4"), "four", s_minute, Size);

        Assert.False(cache.TryGet(Key("1"), out _, out _));
        Assert.True(cache.TryGet(Key("2"), out _, out _));
        Assert.True(cache.TryGet(Key("3"), out _, out _));
        Assert.True(cache.TryGet(Key("4"), out _, out _));
        Assert.Equal(3, cache.Count);
        Assert.Equal(cache.CapacityBytes, cache.SizeBytes);
    }

    [Fact]
    public void TryGet_RefreshesRecency_SoTheEntryOutlivesOlderOnes()
    {
        const int Size = 100;
        TtlCache<string> cache = new(3 * (Size + 1 + Overhead), _time);
        cache.Set(Key("1"), "one", s_minute, Size);
        cache.Set(Key("2"), "two", s_minute, Size);
        cache.Set(Key("3"), "three", s_minute, Size);

        Assert.True(cache.TryGet(Key("1"), out _, out _));
        cache.Set(Key("4"), "four", s_minute, Size);

        Assert.True(cache.TryGet(Key("1"), out _, out _));
        Assert.False(cache.TryGet(Key("2"), out _, out _));
        Assert.True(cache.TryGet(Key("3"), out _, out _));
        Assert.True(cache.TryGet(Key("4"), out _, out _));
    }

    [Fact]
    public void Set_LargeEntry_EvictsAsManyOldEntriesAsNeeded()
    {
        const int Size = 100;
        TtlCache<string> cache = new(3 * (Size + 1 + Overhead), _time);
        cache.Set(Key("1"), "one", s_minute, Size);
        cache.Set(Key("2"), "two", s_minute, Size);
        cache.Set(Key("3"), "three", s_minute, Size);

        cache.Set(Key("4"), "four", s_minute, (2 * Size) + Overhead);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(Key("3"), out _, out _));
        Assert.True(cache.TryGet(Key("4"), out _, out _));
        Assert.InRange(cache.SizeBytes, 0, cache.CapacityBytes);
    }

    [Fact]
    public void Clear_EmptiesTheCache()
    {
        TtlCache<string> cache = new(10_000, _time);
        cache.Set(Key("a"), "alpha", s_minute, 10);

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.SizeBytes);
        Assert.False(cache.TryGet(Key("a"), out _, out _));
    }

    [Fact]
    public void Constructor_NonPositiveCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TtlCache<string>(0, _time));
    }

    [Fact]
    public async Task SetAndTryGet_FromManyThreads_KeepTheBudget()
    {
        const long Capacity = 8192;
        TtlCache<string> cache = new(Capacity, _time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                byte[] key = Key($"{worker}-{i % 97}");
                cache.Set(key, "v", s_minute, 50 + (i % 200));
                cache.TryGet(key, out _, out _);
            }
        })));

        Assert.InRange(cache.SizeBytes, 1, Capacity);
    }

    private static byte[] Key(string text) => Encoding.ASCII.GetBytes(text);
}
