using System.Net;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>RFC 6147 behaviour of <c>gate64 dns64</c> against unbound, queried with dig over UDP and TCP.</summary>
public sealed class Dns64SynthesisTests : IClassFixture<Dns64Fixture>
{
    private readonly Dns64Fixture _fixture;

    public Dns64SynthesisTests(Dns64Fixture fixture)
    {
        _fixture = fixture;
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_NameWithOnlyA_IsSynthesizedWithTheNegativeTtl(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigRecord aaaa = DigAssert.SingleAaaa(result, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
        Assert.Single(result.Answer);
        // min(A TTL 7200, negative TTL = min(SOA TTL 3600, MINIMUM 300)).
        DigAssert.TtlCountingDownFrom(Dns64TestZone.NegativeTtl, aaaa, result);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_ATtlBelowNegativeTtl_KeepsTheATtl(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("short.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigRecord aaaa = DigAssert.SingleAaaa(result, "short.test.", Dns64TestZone.ShortSynthesized);
        DigAssert.TtlCountingDownFrom(60, aaaa, result);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_NameWithRealAaaa_IsReturnedUnchanged(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("dual.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigRecord aaaa = DigAssert.SingleAaaa(result, "dual.test.", Dns64TestZone.DualReal);
        DigAssert.TtlCountingDownFrom(3600, aaaa, result);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_NxDomain_StaysNxDomainWithTheSoa(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("nosuch.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NXDOMAIN", result);
        Assert.True(result.Answer.Count == 0, result.ToString());
        Assert.Contains(result.Authority, r => r.Type == "SOA" && r.Name == "test.");
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_CnameChain_IsKeptAndSynthesizedAtTheTerminalOwner(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("alias.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        Assert.True(result.Answer.Count == 2, result.ToString());
        Assert.Equal(new DigRecord("alias.test.", result.Answer[0].Ttl, "IN", "CNAME", "v4only.test."), result.Answer[0]);
        DigRecord aaaa = DigAssert.SingleAaaa(result, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
        Assert.Same(result.Answer[1], aaaa);
        Assert.InRange(aaaa.Ttl, 1u, Dns64TestZone.NoSoaTtlCap);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_OnlyInTheDefaultExcludedMappedRange_IsReplacedBySynthesis(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("mapped.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigRecord aaaa = DigAssert.SingleAaaa(result, "mapped.test.", Dns64TestZone.MappedSynthesized);
        Assert.InRange(aaaa.Ttl, 1u, Dns64TestZone.NoSoaTtlCap);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ptr_OfASynthesizedAddress_IsACnameIntoInAddrArpa(bool tcp)
    {
        DigResult result = await _fixture.Dig.ReverseAsync(Dns64TestZone.V4OnlySynthesized, DigOptions.For(tcp));

        Assert.True(result.Answered, result.ToString());
        Assert.True(result.Answer.Count >= 1, $"expected a CNAME answer:\n{result}");
        DigRecord cname = result.Answer[0];
        Assert.Equal("a.0.2.0.0.0.0.c.0.0.0.0.0.0.0.0.0.0.0.0.4.6.0.0.8.b.d.0.1.0.0.2.ip6.arpa.", cname.Name);
        Assert.Equal("CNAME", cname.Type);
        Assert.Equal("10.2.0.192.in-addr.arpa.", cname.Data);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_Ipv4OnlyArpa_IsTheWellKnownAddressesInThePrefix(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("ipv4only.arpa", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        HashSet<IPAddress> addresses = result.AnswersOfType("AAAA").Select(r => r.Address).ToHashSet();
        HashSet<IPAddress> expected = [IPAddress.Parse("2001:db8:64::c000:aa"), IPAddress.Parse("2001:db8:64::c000:ab")];
        Assert.True(addresses.SetEquals(expected), $"expected {string.Join(", ", expected)}:\n{result}");
        Assert.All(result.AnswersOfType("AAAA"), r => Assert.Equal("ipv4only.arpa.", r.Name));
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_PassesThroughUnchanged(bool tcp)
    {
        DigResult plain = await _fixture.Dig.QueryAsync("v4only.test", "A", DigOptions.For(tcp));
        DigResult chained = await _fixture.Dig.QueryAsync("alias.test", "A", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", plain);
        DigRecord a = Assert.Single(plain.Answer);
        Assert.Equal(("v4only.test.", "A", "192.0.2.10"), (a.Name, a.Type, a.Data));
        DigAssert.TtlCountingDownFrom(7200, a, plain);
        DigAssert.Status("NOERROR", chained);
        Assert.Equal(["CNAME", "A"], chained.Answer.Select(r => r.Type));
        Assert.Equal("192.0.2.10", chained.Answer[1].Data);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Txt_PassesThroughUnchanged(bool tcp)
    {
        DigResult result = await _fixture.Dig.QueryAsync("info.test", "TXT", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigRecord txt = Assert.Single(result.Answer);
        Assert.Equal(("info.test.", "TXT", "\"gate64 functional test\""), (txt.Name, txt.Type, txt.Data));
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_DnssecOkAndCheckingDisabled_IsNotSynthesized(bool tcp)
    {
        DigOptions options = DigOptions.For(tcp) with { DnssecOk = true, CheckingDisabled = true };

        DigResult result = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", options);

        DigAssert.Status("NOERROR", result);
        DigAssert.NoAaaa(result);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_DnssecOkWithoutCheckingDisabled_IsStillSynthesized(bool tcp)
    {
        DigOptions options = DigOptions.For(tcp) with { DnssecOk = true };

        DigResult result = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", options);

        DigAssert.Status("NOERROR", result);
        DigAssert.SingleAaaa(result, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_QueriedWithKdig_IsSynthesized(bool tcp)
    {
        DigOptions options = DigOptions.For(tcp) with { Flavor = DigFlavor.Kdig };

        DigResult result = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", options);

        DigAssert.Status("NOERROR", result);
        DigAssert.SingleAaaa(result, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
    }

    [Theory(Timeout = TestTimeouts.TestMilliseconds)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aaaa_OverTheIPv6LoopbackListener_IsSynthesized(bool tcp)
    {
        IPEndPoint? endPoint = _fixture.Gateway.IPv6EndPoint;
        Assert.True(endPoint is not null, "::1 is not usable on this machine, so gate64 could not be tested on an IPv6 listener");

        DigResult result = await new Dig(endPoint).QueryAsync("v4only.test", "AAAA", DigOptions.For(tcp));

        DigAssert.Status("NOERROR", result);
        DigAssert.SingleAaaa(result, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
    }
}
