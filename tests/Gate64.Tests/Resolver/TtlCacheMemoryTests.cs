using Gate64.Resolver;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Resolver;

[Collection(MemoryMeasurementCollection.Name)]
public class TtlCacheMemoryTests
{
    /// <summary>The budget must bound the real heap, not just the cache's own arithmetic.</summary>
    [Fact]
    public void Set_ManyTypicalAnswers_HeapGrowthStaysWithinTheCapacity()
    {
        const long Capacity = 8L * 1024 * 1024;
        FakeTimeProvider time = new();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        TtlCache<byte[]> cache = new(Capacity, time);
        byte[] key = new byte[40];
        for (int i = 0; i < 200_000; i++)
        {
            BitConverter.TryWriteBytes(key, i);
            byte[] answer = new byte[60 + (i % 120)];   // DNS answers are mostly 60 to 180 bytes
            cache.Set(key, answer, TimeSpan.FromHours(1), answer.Length);
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(cache.SizeBytes <= Capacity);
        Assert.True(after - before <= Capacity, $"the cache holds {after - before:N0} bytes of heap for a budget of {Capacity:N0}");
        GC.KeepAlive(cache);
    }
}
