using Gate64.Nat64.Fragments;
using Gate64.Protocols.Nat64;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Nat64.Fragments;

/// <summary>The fragment table alone: mappings, holding and release order, completion, timeout, bounds, eviction.</summary>
public sealed class Nat64FragmentTableTests
{
    private static readonly Nat64Mapping s_mapping = new(0xCB00_7101, 0xC633_6402, 40000, 53);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly UInt128 s_client = new(0x2001_0db8_0001_0000, 2);
    private static readonly UInt128 s_server = new(0x2001_0db8_0064_0000, 0xc633_6402);

    private static Nat64FragmentKey Key(uint identification) => Nat64FragmentKey.Ipv6(s_client, s_server, identification);

    private static byte[] Fragment(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public void FirstThenLater_TranslatedAtOnceAndForgottenWhenComplete()
    {
        Nat64FragmentTable table = new(_time);

        Assert.Equal(Nat64FragmentVerdict.Translate, table.First(Key(1), s_mapping, 1000, needsTotal: false, Fragment(1048, 1), out int total));
        Assert.Equal(-1, total);
        Assert.False(table.TryTakeReady(Key(1), new byte[65536], out _, out _, out _));
        Assert.Equal(Nat64FragmentVerdict.Translate, table.Later(Key(1), 1000, 500, moreFragments: false, Fragment(548, 2), out Nat64Mapping mapping));
        Assert.Equal(s_mapping, mapping);
        Assert.False(table.TryTakeReady(Key(1), new byte[65536], out _, out _, out _));

        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void LaterBeforeFirst_HeldThenReleasedInArrivalOrder()
    {
        Nat64FragmentTable table = new(_time);

        Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(2), 2000, 100, moreFragments: false, Fragment(148, 3), out _));
        Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(2), 1000, 1000, moreFragments: true, Fragment(5000, 4), out _));
        Assert.Equal(Nat64FragmentStore.ChunkSize * 4, table.BytesHeld);   // 148 bytes: 1 chunk; 5000 bytes: 3 chunks
        Assert.Equal(Nat64FragmentVerdict.Translate, table.First(Key(2), s_mapping, 1000, needsTotal: false, Fragment(1048, 5), out int total));
        Assert.Equal(2100, total);

        byte[] buffer = new byte[65536];
        Assert.True(table.TryTakeReady(Key(2), buffer, out int length, out Nat64Mapping mapping, out _));
        Assert.Equal(148, length);
        Assert.All(buffer[..length], b => Assert.Equal(3, b));
        Assert.Equal(s_mapping, mapping);
        Assert.True(table.TryTakeReady(Key(2), buffer, out length, out _, out _));
        Assert.Equal(5000, length);
        Assert.All(buffer[..length], b => Assert.Equal(4, b));
        Assert.False(table.TryTakeReady(Key(2), buffer, out _, out _, out _));

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.BytesHeld);
    }

    [Fact]
    public void FirstEchoFragment_HeldUntilTheLastGivesTheLength()
    {
        Nat64FragmentTable table = new(_time);
        byte[] buffer = new byte[65536];

        Assert.Equal(Nat64FragmentVerdict.Held, table.First(Key(3), s_mapping, 1448, needsTotal: true, Fragment(1496, 6), out _));
        Assert.Equal(Nat64FragmentVerdict.Translate, table.Later(Key(3), 1448, 1448, moreFragments: true, Fragment(1496, 7), out _));
        Assert.False(table.TryTakeReady(Key(3), buffer, out _, out _, out _));   // the length is still unknown
        Assert.Equal(Nat64FragmentVerdict.Translate, table.Later(Key(3), 2896, 112, moreFragments: false, Fragment(160, 8), out _));

        Assert.True(table.TryTakeReady(Key(3), buffer, out int length, out _, out int total));
        Assert.Equal(1496, length);
        Assert.All(buffer[..length], b => Assert.Equal(6, b));
        Assert.Equal(3008, total);
        Assert.False(table.TryTakeReady(Key(3), buffer, out _, out _, out _));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void LastBeforeFirstEcho_FirstTranslatedAtOnceWithTheTotal()
    {
        Nat64FragmentTable table = new(_time);

        Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(4), 1448, 100, moreFragments: false, Fragment(148, 1), out _));
        Assert.Equal(Nat64FragmentVerdict.Translate, table.First(Key(4), s_mapping, 1448, needsTotal: true, Fragment(1496, 2), out int total));

        Assert.Equal(1548, total);
    }

    [Fact]
    public void HeldFragments_DroppedAndCountedWhenTheirTimeIsUp()
    {
        Nat64FragmentTable table = new(_time);
        table.Later(Key(5), 1000, 100, moreFragments: true, Fragment(148, 1), out _);
        table.Later(Key(5), 1100, 100, moreFragments: false, Fragment(148, 1), out _);
        table.Later(Key(6), 1000, 100, moreFragments: false, Fragment(148, 1), out _);

        _time.Advance(Nat64FragmentTable.DefaultTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, table.Sweep());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, table.Sweep());

        Assert.Equal(3, table.TimedOut);
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.BytesHeld);
        // A first fragment after that starts afresh: nothing is waiting for it any more.
        Assert.Equal(Nat64FragmentVerdict.Translate, table.First(Key(5), s_mapping, 1000, needsTotal: false, Fragment(1048, 1), out _));
        Assert.False(table.TryTakeReady(Key(5), new byte[65536], out _, out _, out _));
    }

    [Fact]
    public void ExpiredDatagram_MetAgainBeforeTheSweep_StartsAfresh()
    {
        Nat64FragmentTable table = new(_time);
        table.First(Key(7), s_mapping, 1000, needsTotal: false, Fragment(1048, 1), out _);

        _time.Advance(Nat64FragmentTable.DefaultTimeout);

        Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(7), 1000, 10, moreFragments: false, Fragment(58, 1), out _));
    }

    [Fact]
    public void MoreThanTheFragmentsPerDatagram_Overflow()
    {
        Nat64FragmentTable table = new(_time);
        for (int i = 1; i <= Nat64FragmentTable.MaxHeldPerDatagram; i++)
        {
            Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(8), i * 8, 8, moreFragments: true, Fragment(56, 1), out _));
        }

        Assert.Equal(Nat64FragmentVerdict.Overflow, table.Later(Key(8), 4096, 8, moreFragments: true, Fragment(56, 1), out _));
        Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(9), 8, 8, moreFragments: true, Fragment(56, 1), out _));
    }

    [Fact]
    public void HoldMemoryFull_Overflow()
    {
        Nat64FragmentTable table = new(_time, holdBytes: 8 * Nat64FragmentStore.ChunkSize);
        for (uint i = 0; i < 8; i++)
        {
            Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(100 + i), 1480, 1480, moreFragments: false, Fragment(1500, 1), out _));
        }

        Assert.Equal(Nat64FragmentVerdict.Overflow, table.Later(Key(200), 1480, 1480, moreFragments: false, Fragment(1500, 1), out _));
        Assert.Equal(Nat64FragmentVerdict.Overflow, table.Later(Key(100), 2960, 1480, moreFragments: false, Fragment(1500, 1), out _));
        Assert.Equal(8 * Nat64FragmentStore.ChunkSize, table.BytesHeld);
        // Released memory is usable again.
        table.First(Key(100), s_mapping, 1480, needsTotal: false, Fragment(1500, 1), out _);
        Assert.True(table.TryTakeReady(Key(100), new byte[65536], out _, out _, out _));
        Assert.Equal(Nat64FragmentVerdict.Held, table.Later(Key(200), 1480, 1480, moreFragments: false, Fragment(1500, 1), out _));
    }

    [Fact]
    public void FullTable_EvictsTheOldestDatagramAndCountsWhatItHeld()
    {
        Nat64FragmentTable table = new(_time, maxDatagrams: 3);
        table.Later(Key(1), 8, 8, moreFragments: true, Fragment(56, 1), out _);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        table.Later(Key(2), 8, 8, moreFragments: true, Fragment(56, 1), out _);
        table.Later(Key(3), 8, 8, moreFragments: true, Fragment(56, 1), out _);

        Assert.Equal(Nat64FragmentVerdict.Translate, table.First(Key(4), s_mapping, 8, needsTotal: false, Fragment(56, 1), out _));

        Assert.Equal(1, table.Evicted);
        Assert.Equal(3, table.Count);
        // Key 1 was the oldest: its fragments are gone, the others still wait.
        Assert.Equal(Nat64FragmentVerdict.Translate, table.First(Key(2), s_mapping, 8, needsTotal: false, Fragment(56, 1), out _));
        Assert.True(table.TryTakeReady(Key(2), new byte[65536], out _, out _, out _));
    }

    [Fact]
    public void Refused_DropsWhatWaitsAndWhatFollows()
    {
        Nat64FragmentTable table = new(_time);
        table.Later(Key(9), 8, 8, moreFragments: true, Fragment(56, 1), out _);
        table.Later(Key(9), 16, 8, moreFragments: true, Fragment(56, 1), out _);

        Assert.Equal(2, table.Refuse(Key(9)));

        Assert.Equal(Nat64FragmentVerdict.Refused, table.Later(Key(9), 24, 8, moreFragments: false, Fragment(56, 1), out _));
        Assert.Equal(0, table.BytesHeld);
    }

    [Fact]
    public void Ipv4AndIpv6Keys_NeverMeet()
    {
        Nat64FragmentKey v4 = Nat64FragmentKey.Ipv4(0xC633_6402, 0xCB00_7101, 17, 0x1234);
        Nat64FragmentKey v6 = Nat64FragmentKey.Ipv6(0xC633_6402, 0xCB00_7101, 0x1234);
        Nat64FragmentKey otherProtocol = Nat64FragmentKey.Ipv4(0xC633_6402, 0xCB00_7101, 6, 0x1234);

        Assert.NotEqual(v4, v6);
        Assert.NotEqual(v4, otherProtocol);
        Assert.Equal(v4, Nat64FragmentKey.Ipv4(0xC633_6402, 0xCB00_7101, 17, 0x1234));
    }

    [Fact]
    public void StoreChainsChunks_AndGivesTheBytesBack()
    {
        Nat64FragmentStore store = new(16 * Nat64FragmentStore.ChunkSize);
        byte[] big = new byte[(3 * Nat64FragmentStore.ChunkSize) + 5];
        new Random(1).NextBytes(big);
        Assert.True(store.TryStore(new byte[10], out int small));
        Assert.True(store.TryStore(big, out int slot));
        store.Free(small);
        Assert.True(store.TryStore(new byte[Nat64FragmentStore.ChunkSize * 2], out _));   // reuses the freed chunk and takes more

        byte[] back = new byte[65536];
        int length = store.Take(slot, back);

        Assert.Equal(big, back[..length]);
        Assert.Equal(2 * Nat64FragmentStore.ChunkSize, store.BytesInUse);
    }
}
