using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary><c>--exclude</c>: a real AAAA inside an excluded range counts as absent, so gate64 synthesizes.</summary>
public sealed class Dns64ExclusionTests : IClassFixture<Dns64ExclusionFixture>
{
    private readonly Dns64ExclusionFixture _fixture;

    public Dns64ExclusionTests(Dns64ExclusionFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_InAConfiguredExcludedRange_IsReplacedBySynthesis(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("dual.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigRecord aaaa = DigAssert.SingleAaaa(result, "dual.test.", Dns64TestZone.DualSynthesized);
        Assert.InRange(aaaa.Ttl, 1u, Dns64TestZone.NoSoaTtlCap);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_NameWithOnlyA_IsStillSynthesized(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigAssert.SingleAaaa(result, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
    }
}
