using System.Net;
using System.Text;
using Gate64.Dns64;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using static Gate64.Tests.Dns64.Dns64TestHost;
using static Gate64.Tests.Resolver.DnsRecords;

namespace Gate64.Tests.Dns64;

public class Dns64ResponderTests
{
    private const string Www = "www.example.org.";

    private readonly FakeDnsResolver _resolver = new();

    [Fact]
    public async Task Aaaa_NameWithOnlyA_IsSynthesizedInThePrefixWithTheSoaCappedTtl()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [], [Soa("example.org.", 900, 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 1000), A(Www, "192.0.2.2", 100)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.True(response.IsResponse);
        Assert.True(response.RecursionAvailable);
        Assert.Equal(0x1234, response.Id);
        Assert.Equal(new DnsQuestion(Name(Www), DnsRecordType.AAAA, DnsClass.IN), Assert.Single(response.Questions));
        Assert.Equal([Aaaa(Www, "2001:db8:64::c000:201", 300), Aaaa(Www, "2001:db8:64::c000:202", 100)], response.Answers);
        Assert.True(_resolver.WasAsked(Www, DnsRecordType.A));
    }

    [Theory]
    [InlineData(120u, 3600u, 500u, 120u)]
    [InlineData(3600u, 120u, 500u, 120u)]
    [InlineData(3600u, 3600u, 500u, 500u)]
    public async Task Aaaa_SynthesizedTtl_IsTheSmallestOfATtlSoaTtlAndSoaMinimum(uint soaTtl, uint soaMinimum, uint aTtl, uint expected)
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [], [Soa("example.org.", soaTtl, soaMinimum)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", aTtl)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(expected, Assert.Single(response.Answers).Ttl);
    }

    [Theory]
    [InlineData(3600u, 600u)]
    [InlineData(50u, 50u)]
    public async Task Aaaa_NoSoaInTheAaaaAnswer_TtlIsCappedAt600(uint aTtl, uint expected)
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, []))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", aTtl)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(Aaaa(Www, "2001:db8:64::c000:201", expected), Assert.Single(response.Answers));
    }

    [Fact]
    public async Task Aaaa_RealAaaa_PassesUnchangedWithoutAskingForA()
    {
        DnsMessage upstream = Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8::1", 300), Aaaa(Www, "2001:db8::2", 200)], [Soa("example.org.", 300, 300)]);
        upstream.Additionals.Add(Aaaa("ns1.example.org.", "2001:db8::53", 3600));
        _resolver
            .Add(Www, DnsRecordType.AAAA, upstream)
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1")]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal(upstream.Answers, response.Answers);
        Assert.Equal(upstream.Authorities, response.Authorities);
        Assert.Equal(upstream.Additionals, response.Additionals);
        Assert.False(_resolver.WasAsked(Www, DnsRecordType.A));
    }

    [Fact]
    public async Task Aaaa_OnlyExcludedAaaaByDefault_IsDroppedAndSynthesisDone()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "::ffff:192.0.2.1", 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(Aaaa(Www, "2001:db8:64::c000:201", 300), Assert.Single(response.Answers));
    }

    [Fact]
    public async Task Aaaa_CustomExclude_IsDroppedAndSynthesisDone()
    {
        Dns64Options options = Options();
        options.Exclude.Add(IpPrefix.Parse("2001:db8:bad::/48"));
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8:bad::1", 300), Aaaa(Www, "::ffff:192.0.2.9", 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA), options);

        Assert.Equal(Aaaa(Www, "2001:db8:64::c000:201", 300), Assert.Single(response.Answers));
    }

    [Fact]
    public async Task Aaaa_ExcludedAndUsableAaaa_KeepsOnlyTheUsableOnesWithoutSynthesis()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "::ffff:192.0.2.1", 300), Aaaa(Www, "2001:db8::1", 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(Aaaa(Www, "2001:db8::1", 300), Assert.Single(response.Answers));
        Assert.False(_resolver.WasAsked(Www, DnsRecordType.A));
    }

    [Fact]
    public async Task Aaaa_AllExcludedAndNoA_AnswersWithTheExcludedRecordsRemoved()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "::ffff:192.0.2.1", 300)], [Soa("example.org.", 300, 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [], [Soa("example.org.", 300, 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.True(_resolver.WasAsked(Www, DnsRecordType.A));
    }

    [Fact]
    public async Task Aaaa_NxDomain_PassesThroughWithoutAnAQuery()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NXDomain, [], [Soa("example.org.", 300, 60)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1")]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NXDomain, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Equal(Soa("example.org.", 300, 60), Assert.Single(response.Authorities));
        Assert.False(_resolver.WasAsked(Www, DnsRecordType.A));
        Assert.DoesNotContain(_resolver.Asked, question => question.Type == DnsRecordType.A);
    }

    [Fact]
    public async Task Aaaa_ServFail_PassesThroughWithoutSynthesis()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.ServFail, []))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1")]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.ServFail, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.False(_resolver.WasAsked(Www, DnsRecordType.A));
    }

    [Fact]
    public async Task Aaaa_ANameIsNxDomain_AnswersWithTheAaaaNodata()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [], [Soa("example.org.", 300, 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NXDomain, [], [Soa("example.org.", 300, 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authorities);
    }

    [Fact]
    public async Task Aaaa_CnameChain_AsksAForTheEndOfTheChainAndKeepsTheChain()
    {
        const string Web = "web.example.net.";
        const string Cdn = "edge.cdn.example.";
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Cname(Www, Web, 3000)], [Soa("example.net.", 900, 900)]))
            .Add(Web, DnsRecordType.A, Response(Web, DnsRecordType.A, DnsResponseCode.NoError, [Cname(Web, Cdn, 2000), A(Cdn, "192.0.2.10", 60)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal([Cname(Www, Web, 3000), Cname(Web, Cdn, 2000), Aaaa(Cdn, "2001:db8:64::c000:20a", 60)], response.Answers);
        Assert.True(_resolver.WasAsked(Web, DnsRecordType.A));
        Assert.False(_resolver.WasAsked(Www, DnsRecordType.A));
        Assert.True(Dns64TestHost.Encode(response).Length > 0);
    }

    [Fact]
    public async Task Aaaa_DnssecOkAndCheckingDisabled_ReturnsTheRealAnswerWithoutSynthesis()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [], [Soa("example.org.", 300, 300)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1")]));
        DnsMessage query = Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default with { DnssecOk = true });
        query.CheckingDisabled = true;

        DnsMessage response = await AnswerAsync(query);

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Single(response.Authorities);
        Assert.True(response.CheckingDisabled);
        Assert.True(response.Edns!.DnssecOk);
        Assert.False(_resolver.WasAsked(Www, DnsRecordType.A));
        Assert.Equal(DnsQueryFlags.DnssecOk | DnsQueryFlags.CheckingDisabled, Assert.Single(_resolver.Asked).Flags);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task Aaaa_OnlyDnssecOkOrOnlyCheckingDisabled_IsSynthesized(bool dnssecOk, bool checkingDisabled)
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, []))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300)]));
        DnsMessage query = Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default with { DnssecOk = dnssecOk });
        query.CheckingDisabled = checkingDisabled;

        DnsMessage response = await AnswerAsync(query);

        Assert.Equal(Aaaa(Www, "2001:db8:64::c000:201", 300), Assert.Single(response.Answers));
        DnsQueryFlags expected = (dnssecOk ? DnsQueryFlags.DnssecOk : 0) | (checkingDisabled ? DnsQueryFlags.CheckingDisabled : 0);
        Assert.All(_resolver.Asked, question => Assert.Equal(expected, question.Flags));
    }

    [Fact]
    public async Task Aaaa_WellKnownPrefixAndNonGlobalIpv4_IsNotSynthesized()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, []))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300), A(Www, "10.1.2.3", 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA), Options(Nat64Prefix.WellKnown));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public async Task Aaaa_WellKnownPrefixAndGlobalIpv4_IsSynthesizedAndNonGlobalOnesSkipped()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, []))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300), A(Www, "8.8.8.8", 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA), Options(Nat64Prefix.WellKnown));

        Assert.Equal(Aaaa(Www, "64:ff9b::808:808", 300), Assert.Single(response.Answers));
    }

    [Fact]
    public async Task Aaaa_NetworkSpecificPrefixAndNonGlobalIpv4_IsSynthesized()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, []))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "10.1.2.3", 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA), Options(Nat64Prefix.Parse("2001:db8:122:300::/56")));

        Assert.Equal(Aaaa(Www, "2001:db8:122:30a:1:203::", 300), Assert.Single(response.Answers));
    }

    [Fact]
    public async Task Aaaa_SynthesizedAnswer_HasAdClear()
    {
        DnsMessage aaaa = Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, []);
        aaaa.AuthenticData = true;
        DnsMessage a = Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300)]);
        a.AuthenticData = true;
        _resolver.Add(Www, DnsRecordType.AAAA, aaaa).Add(Www, DnsRecordType.A, a);
        DnsMessage query = Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default with { DnssecOk = true });
        query.AuthenticData = true;

        DnsMessage response = await AnswerAsync(query);

        Assert.Single(response.Answers);
        Assert.False(response.AuthenticData);
    }

    [Fact]
    public async Task Aaaa_RealValidatedAnswerToAClientThatAsksForAd_KeepsAd()
    {
        DnsMessage aaaa = Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8::1")]);
        aaaa.AuthenticData = true;
        _resolver.Add(Www, DnsRecordType.AAAA, aaaa);
        DnsMessage asksForAd = Query(Www, DnsRecordType.AAAA);
        asksForAd.AuthenticData = true;

        Assert.True((await AnswerAsync(asksForAd)).AuthenticData);
        Assert.False((await AnswerAsync(Query(Www, DnsRecordType.AAAA))).AuthenticData);
    }

    [Fact]
    public async Task Ptr_UnderThePrefix_IsACnameIntoInAddrArpaFollowedByThePtr()
    {
        string question = Ip6Arpa("2001:db8:64::c000:221");
        const string Target = "33.2.0.192.in-addr.arpa.";
        _resolver.Add(Target, DnsRecordType.PTR, Response(Target, DnsRecordType.PTR, DnsResponseCode.NoError, [Ptr(Target, "host.example.org.", 900)]));

        DnsMessage response = await AnswerAsync(Query(question, DnsRecordType.PTR));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal(2, response.Answers.Count);
        DnsResourceRecord cname = response.Answers[0];
        Assert.Equal(DnsRecordType.CNAME, cname.Type);
        Assert.Equal(Name(question), cname.Name);
        Assert.True(DnsRdata.TryGetName(cname, out DnsName? target));
        Assert.Equal(Name(Target), target);
        Assert.Equal(Ptr(Target, "host.example.org.", 900), response.Answers[1]);
        Assert.Equal((Name(Target), DnsRecordType.PTR), Assert.Single(_resolver.Asked.Select(asked => (asked.Name, asked.Type))));
    }

    [Fact]
    public async Task Ptr_UnderThePrefixWithoutPtr_KeepsTheCnameAndTheNegativeAnswer()
    {
        string question = Ip6Arpa("2001:db8:64::c000:221");
        const string Target = "33.2.0.192.in-addr.arpa.";
        _resolver.Add(Target, DnsRecordType.PTR, Response(Target, DnsRecordType.PTR, DnsResponseCode.NXDomain, [], [Soa("2.0.192.in-addr.arpa.", 300, 300)]));

        DnsMessage response = await AnswerAsync(Query(question, DnsRecordType.PTR));

        Assert.Equal(DnsResponseCode.NXDomain, response.ResponseCode);
        Assert.Equal(DnsRecordType.CNAME, Assert.Single(response.Answers).Type);
        Assert.Single(response.Authorities);
    }

    [Fact]
    public async Task Ptr_OutsideThePrefix_IsForwarded()
    {
        string question = Ip6Arpa("2001:db8:99::1");
        _resolver.Add(question, DnsRecordType.PTR, Response(question, DnsRecordType.PTR, DnsResponseCode.NoError, [Ptr(question, "v6.example.org.", 900)]));

        DnsMessage response = await AnswerAsync(Query(question, DnsRecordType.PTR));

        Assert.Equal(Ptr(question, "v6.example.org.", 900), Assert.Single(response.Answers));
        Assert.Equal((Name(question), DnsRecordType.PTR), Assert.Single(_resolver.Asked.Select(asked => (asked.Name, asked.Type))));
    }

    [Fact]
    public async Task Ptr_PartialIp6ArpaName_IsForwarded()
    {
        // The first 24 nibbles of 2001:db8:64::/96: a delegation point, not an address.
        const string Partial = "0.0.0.0.0.0.0.0.0.0.0.0.4.6.0.0.8.b.d.0.1.0.0.2.ip6.arpa.";
        _resolver.Add(Partial, DnsRecordType.PTR, Response(Partial, DnsRecordType.PTR, DnsResponseCode.NoError, [], [Soa("ip6.arpa.", 300, 300)]));

        DnsMessage response = await AnswerAsync(Query(Partial, DnsRecordType.PTR));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Equal((Name(Partial), DnsRecordType.PTR), Assert.Single(_resolver.Asked.Select(asked => (asked.Name, asked.Type))));
    }

    [Fact]
    public async Task Ipv4OnlyArpa_Aaaa_IsTheTwoWellKnownAddressesInThePrefix()
    {
        DnsMessage response = await AnswerAsync(Query("IPv4only.ARPA.", DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.All(response.Answers, record => Assert.Equal((Name("ipv4only.arpa."), DnsRecordType.AAAA), (record.Name, record.Type)));
        Assert.Equal(
            [IPAddress.Parse("2001:db8:64::c000:aa"), IPAddress.Parse("2001:db8:64::c000:ab")],
            response.Answers.Select(record => new IPAddress(record.Data.Span)));
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task Ipv4OnlyArpa_A_IsTheTwoWellKnownIpv4Addresses()
    {
        DnsMessage response = await AnswerAsync(Query("ipv4only.arpa.", DnsRecordType.A));

        Assert.All(response.Answers, record => Assert.Equal(DnsRecordType.A, record.Type));
        Assert.Equal(
            [IPAddress.Parse("192.0.0.170"), IPAddress.Parse("192.0.0.171")],
            response.Answers.Select(record => new IPAddress(record.Data.Span)));
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task OtherTypes_AreForwardedUnchanged()
    {
        DnsMessage upstream = Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 77)]);
        _resolver.Add(Www, DnsRecordType.A, upstream);

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.A));

        Assert.Equal(upstream.Answers, response.Answers);
        Assert.Equal(0x1234, response.Id);
    }

    [Theory]
    [InlineData(DnsOpcode.Status)]
    [InlineData(DnsOpcode.Notify)]
    [InlineData(DnsOpcode.Update)]
    [InlineData(DnsOpcode.IQuery)]
    public async Task OtherOpcodes_AreNotImplemented(DnsOpcode opcode)
    {
        DnsMessage query = Query(Www, DnsRecordType.AAAA);
        query.Opcode = opcode;

        DnsMessage response = await AnswerAsync(query);

        Assert.Equal(DnsResponseCode.NotImp, response.ResponseCode);
        Assert.Equal(opcode, response.Opcode);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task TwoQuestions_AreAFormatError()
    {
        DnsMessage query = Query(Www, DnsRecordType.AAAA);
        query.Questions.Add(new DnsQuestion(Name("mail.example.org."), DnsRecordType.AAAA, DnsClass.IN));

        DnsMessage response = await AnswerAsync(query);

        Assert.Equal(DnsResponseCode.FormErr, response.ResponseCode);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task ClassChaos_IsNotImplemented()
    {
        DnsMessage query = Query("version.bind.", DnsRecordType.TXT);
        query.Questions[0] = query.Questions[0] with { Class = DnsClass.CH };

        DnsMessage response = await AnswerAsync(query);

        Assert.Equal(DnsResponseCode.NotImp, response.ResponseCode);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task EdnsVersion1_IsBadVersWithAnOptRecord()
    {
        DnsMessage query = Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default with { Version = 1 });

        DnsMessage response = await AnswerAsync(query);

        Assert.Equal(DnsResponseCode.BadVers, response.ResponseCode);
        Assert.NotNull(response.Edns);
        Assert.Equal(0, response.Edns.Version);
        Assert.Empty(_resolver.Asked);
        DnsMessage decoded = Decode(Dns64TestHost.Encode(response));
        Assert.Equal(DnsResponseCode.BadVers, decoded.ResponseCode);
    }

    [Fact]
    public async Task Edns_ResponseAdvertisesEdnsAndEchoesDo()
    {
        _resolver.Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1")]));

        DnsMessage withDo = await AnswerAsync(Query(Www, DnsRecordType.A, edns: DnsEdns.Default with { UdpPayloadSize = 4096, DnssecOk = true }));
        DnsMessage without = await AnswerAsync(Query(Www, DnsRecordType.A));

        Assert.NotNull(withDo.Edns);
        Assert.True(withDo.Edns.DnssecOk);
        Assert.Null(without.Edns);
    }

    [Theory]
    [InlineData(DnsRecordType.AAAA)]
    [InlineData(DnsRecordType.A)]
    [InlineData(DnsRecordType.MX)]
    public async Task UpstreamFailure_IsServFail(DnsRecordType type)
    {
        DnsMessage response = await AnswerAsync(Query(Www, type));

        Assert.Equal(DnsResponseCode.ServFail, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.Equal(type, Assert.Single(response.Questions).Type);
    }

    [Fact]
    public async Task Aaaa_AQueryFails_AnswersWithTheAaaaNodata()
    {
        _resolver.Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [], [Soa("example.org.", 300, 300)]));

        DnsMessage response = await AnswerAsync(Query(Www, DnsRecordType.AAAA));

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Empty(response.Answers);
        Assert.True(_resolver.WasAsked(Www, DnsRecordType.A));
    }

    private async Task<DnsMessage> AnswerAsync(DnsMessage query, Dns64Options? options = null)
    {
        Dns64Responder responder = Responder(_resolver, options ?? Options());
        return await responder.AnswerAsync(query, CancellationToken.None);
    }

    /// <summary>The ip6.arpa name of an address, built here rather than by the code under test.</summary>
    private static string Ip6Arpa(string address)
    {
        string hex = Convert.ToHexStringLower(IPAddress.Parse(address).GetAddressBytes());
        StringBuilder name = new();
        for (int i = hex.Length - 1; i >= 0; i--)
        {
            name.Append(hex[i]).Append('.');
        }
        return name.Append("ip6.arpa.").ToString();
    }
}
