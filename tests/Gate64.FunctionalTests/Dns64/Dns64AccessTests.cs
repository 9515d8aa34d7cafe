using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>The client ACL: 127.0.0.1 outside --allow, and no --allow at all, are both REFUSED.</summary>
public sealed class Dns64AccessTests : IClassFixture<Dns64AccessFixture>
{
    private readonly Dns64AccessFixture _fixture;

    public Dns64AccessTests(Dns64AccessFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Query_ClientOutsideTheAllowList_IsRefused(bool tcp)
    {
        DigResult result = await new Dig(_fixture.OtherNetworkAllowed.EndPoint).QueryAsync("v4only.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("REFUSED", result);
        Assert.True(result.Answer.Count == 0, result.ToString());
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Query_WithoutAnyAllow_IsRefused(bool tcp)
    {
        DigResult aaaa = await new Dig(_fixture.NobodyAllowed.EndPoint).QueryAsync("v4only.test", "AAAA", DigOptions.For(tcp));
        DigResult a = await new Dig(_fixture.NobodyAllowed.EndPoint).QueryAsync("v4only.test", "A", DigOptions.For(tcp));

        DigAssert.Status("REFUSED", aaaa);
        DigAssert.Status("REFUSED", a);
        Assert.True(aaaa.Answer.Count == 0 && a.Answer.Count == 0, $"{aaaa}\n{a}");
    }
}
