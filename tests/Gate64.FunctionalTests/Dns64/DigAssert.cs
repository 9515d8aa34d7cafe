using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>Assertions on dig results whose failure messages show the whole dig output.</summary>
internal static class DigAssert
{
    public static DigResult Status(string expected, DigResult result)
    {
        Assert.True(
            result.Status == expected,
            $"expected status {expected}, got {result.Status ?? "no response"}:\n{result}");
        return result;
    }

    /// <summary>The single AAAA record of the answer, owned by <paramref name="owner"/> with <paramref name="address"/>.</summary>
    public static DigRecord SingleAaaa(DigResult result, string owner, IPAddress address)
    {
        IReadOnlyList<DigRecord> aaaa = result.AnswersOfType("AAAA");
        Assert.True(aaaa.Count == 1, $"expected one AAAA record, got {aaaa.Count}:\n{result}");
        Assert.True(aaaa[0].Name == owner, $"expected the AAAA owned by {owner}:\n{result}");
        Assert.True(aaaa[0].Address.Equals(address), $"expected AAAA {address}:\n{result}");
        return aaaa[0];
    }

    /// <summary>The TTL is <paramref name="expected"/>, or counted down from it by a cache by at most <see cref="Dns64TestZone.TtlSlack"/>.</summary>
    public static void TtlCountingDownFrom(uint expected, DigRecord record, DigResult result)
    {
        uint lowest = expected > Dns64TestZone.TtlSlack ? expected - Dns64TestZone.TtlSlack : 0;
        Assert.True(
            record.Ttl <= expected && record.Ttl >= lowest,
            $"expected TTL {expected} (at least {lowest} after caching) on {record}:\n{result}");
    }

    public static void NoAaaa(DigResult result) =>
        Assert.True(result.AnswersOfType("AAAA").Count == 0, $"expected no AAAA record:\n{result}");
}
