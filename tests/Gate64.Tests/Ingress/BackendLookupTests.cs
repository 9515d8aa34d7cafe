using System.Net;
using Gate64.Ingress;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Tests.Dns64;
using Gate64.Tests.Resolver;

namespace Gate64.Tests.Ingress;

public class BackendLookupTests
{
    private readonly FakeDnsResolver _resolver = new();
    private readonly BackendLookup _lookup;

    public BackendLookupTests()
    {
        BackendPolicy policy = new([new PermittedPrefix(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.None)], IpPrefix.Parse("64:ff9b::/96"), []);
        _lookup = new BackendLookup(_resolver, policy);
    }

    [Fact]
    public async Task LookupAsync_AaaaInsideThePrefix_IsFound()
    {
        _resolver.Add("site.test", DnsRecordType.AAAA, DnsRecords.Response("site.test", DnsRecordType.AAAA, DnsResponseCode.NoError, [DnsRecords.Aaaa("site.test", "2001:db8:1::10")]));

        BackendLookupResult result = await _lookup.LookupAsync("site.test", CancellationToken.None);

        Assert.Equal(BackendLookupOutcome.Found, result.Outcome);
        Assert.Equal(IPAddress.Parse("2001:db8:1::10"), Assert.Single(result.Permitted).Address);
    }

    [Fact]
    public async Task LookupAsync_NeverAsksForA()
    {
        _resolver.Add("site.test", DnsRecordType.AAAA, DnsRecords.Response("site.test", DnsRecordType.AAAA, DnsResponseCode.NoError, [DnsRecords.Aaaa("site.test", "2001:db8:1::10")]));

        await _lookup.LookupAsync("site.test", CancellationToken.None);

        Assert.False(_resolver.WasAsked("site.test", DnsRecordType.A));
    }

    [Fact]
    public async Task LookupAsync_NoData_IsNoAaaa()
    {
        _resolver.Add("v4.test", DnsRecordType.AAAA, DnsRecords.Response("v4.test", DnsRecordType.AAAA, DnsResponseCode.NoError, [], [DnsRecords.Soa("test", 300, 60)]));

        BackendLookupResult result = await _lookup.LookupAsync("v4.test", CancellationToken.None);

        Assert.Equal(BackendLookupOutcome.NoAaaa, result.Outcome);
        Assert.Contains("no AAAA record", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_NxDomain_IsNxDomain()
    {
        _resolver.Add("nosuch.test", DnsRecordType.AAAA, DnsRecords.Response("nosuch.test", DnsRecordType.AAAA, DnsResponseCode.NXDomain, [], [DnsRecords.Soa("test", 300, 60)]));

        Assert.Equal(BackendLookupOutcome.NxDomain, (await _lookup.LookupAsync("nosuch.test", CancellationToken.None)).Outcome);
    }

    [Theory]
    [InlineData(DnsResponseCode.ServFail)]
    [InlineData(DnsResponseCode.Refused)]
    public async Task LookupAsync_UpstreamError_IsDnsFailure(DnsResponseCode code)
    {
        _resolver.Add("broken.test", DnsRecordType.AAAA, DnsRecords.Response("broken.test", DnsRecordType.AAAA, code, []));

        Assert.Equal(BackendLookupOutcome.DnsFailure, (await _lookup.LookupAsync("broken.test", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task LookupAsync_NoAnswerAtAll_IsDnsFailure()
    {
        BackendLookupResult result = await _lookup.LookupAsync("silent.test", CancellationToken.None);

        Assert.Equal(BackendLookupOutcome.DnsFailure, result.Outcome);
        Assert.Contains("timeout", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_OnlyForbiddenAddresses_IsNotPermittedAndSaysWhy()
    {
        _resolver.Add("evil.test", DnsRecordType.AAAA, DnsRecords.Response("evil.test", DnsRecordType.AAAA, DnsResponseCode.NoError,
            [DnsRecords.Aaaa("evil.test", "::1"), DnsRecords.Aaaa("evil.test", "2001:db8:2::10")]));

        BackendLookupResult result = await _lookup.LookupAsync("evil.test", CancellationToken.None);

        Assert.Equal(BackendLookupOutcome.NotPermitted, result.Outcome);
        Assert.Empty(result.Permitted);
        Assert.Contains("::1 (loopback)", result.Detail, StringComparison.Ordinal);
        Assert.Contains("2001:db8:2::10 (outside the permitted prefixes)", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookupAsync_MixedAddresses_KeepsOnlyThePermittedOnes()
    {
        _resolver.Add("mixed.test", DnsRecordType.AAAA, DnsRecords.Response("mixed.test", DnsRecordType.AAAA, DnsResponseCode.NoError,
            [DnsRecords.Aaaa("mixed.test", "2001:db8:2::10"), DnsRecords.Aaaa("mixed.test", "2001:db8:1::10")]));

        BackendLookupResult result = await _lookup.LookupAsync("mixed.test", CancellationToken.None);

        Assert.Equal(BackendLookupOutcome.Found, result.Outcome);
        Assert.Equal(IPAddress.Parse("2001:db8:1::10"), Assert.Single(result.Permitted).Address);
    }

    [Fact]
    public async Task LookupAsync_CnameChain_UsesTheAaaaAtItsEnd()
    {
        _resolver.Add("alias.test", DnsRecordType.AAAA, DnsRecords.Response("alias.test", DnsRecordType.AAAA, DnsResponseCode.NoError,
            [DnsRecords.Cname("alias.test", "site.test"), DnsRecords.Aaaa("site.test", "2001:db8:1::10")]));

        BackendLookupResult result = await _lookup.LookupAsync("alias.test", CancellationToken.None);

        Assert.Equal(BackendLookupOutcome.Found, result.Outcome);
    }
}
