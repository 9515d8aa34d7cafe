using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Dns;
using Gate64.Resolver;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Resolver.DnsRecords;

namespace Gate64.Tests.Resolver;

public class DnsResolverTests : IClassFixture<ResolverWarmup>
{
    private static readonly DnsName s_www = Name("www.example.org.");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ResolveAsync_UpstreamAnswers_ReturnsTheAnswer()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.True(resolution.Succeeded);
        Assert.Equal(DnsResolutionError.None, resolution.Error);
        Assert.False(resolution.FromCache);
        Assert.Equal(DnsResponseCode.NoError, resolution.Response.ResponseCode);
        DnsResourceRecord answer = Assert.Single(resolution.Response.Answers);
        Assert.Equal(A("www.example.org.", "192.0.2.1", 300), answer);
        DnsMessage query = Assert.Single(server.ReceivedQueries);
        Assert.True(query.RecursionDesired);
        Assert.Equal(new DnsQuestion(s_www, DnsRecordType.A, DnsClass.IN), Assert.Single(query.Questions));
        Assert.NotNull(query.Edns);
        Assert.Equal(1232, query.Edns.UdpPayloadSize);
        Assert.False(query.Edns.DnssecOk);
        Assert.False(query.CheckingDisabled);
    }

    [Fact]
    public async Task ResolveAsync_SecondTime_IsAnsweredFromTheCache()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution first = await resolver.ResolveAsync(s_www, DnsRecordType.A);
        DnsResolution second = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.True(second.Succeeded);
        Assert.Equal(first.Response!.Answers, second.Response.Answers);
        Assert.Equal(1, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_NameInOtherLetterCase_IsTheSameCacheEntry()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A(query.Questions[0].Name.ToString(), "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        await resolver.ResolveAsync(Name("WWW.Example.ORG."), DnsRecordType.A);
        DnsResolution second = await resolver.ResolveAsync(Name("www.example.org."), DnsRecordType.A);

        Assert.True(second.FromCache);
        Assert.Equal(1, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_DifferentTypeOrName_AreDifferentCacheEntries()
    {
        await using ScriptedDnsServer server = new(query => query.Questions[0].Type == DnsRecordType.AAAA
            ? Reply(query, Aaaa(query.Questions[0].Name.ToString(), "2001:db8::1", 300))
            : Reply(query, A(query.Questions[0].Name.ToString(), "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);
        (DnsName Name, DnsRecordType Type)[] questions = [(s_www, DnsRecordType.A), (s_www, DnsRecordType.AAAA), (Name("mail.example.org."), DnsRecordType.A)];

        foreach ((DnsName name, DnsRecordType type) in questions)
        {
            Assert.False((await resolver.ResolveAsync(name, type)).FromCache);
        }
        foreach ((DnsName name, DnsRecordType type) in questions)
        {
            DnsResolution cached = await resolver.ResolveAsync(name, type);
            Assert.True(cached.FromCache);
            DnsResourceRecord answer = Assert.Single(cached.Response!.Answers);
            Assert.Equal(name, answer.Name);
            Assert.Equal(type, answer.Type);
        }

        Assert.Equal(3, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_DifferentQueryFlags_AreDifferentCacheEntries()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);
        DnsQueryFlags[] all = [DnsQueryFlags.None, DnsQueryFlags.DnssecOk, DnsQueryFlags.CheckingDisabled, DnsQueryFlags.DnssecOk | DnsQueryFlags.CheckingDisabled];

        foreach (DnsQueryFlags flags in all)
        {
            Assert.False((await resolver.ResolveAsync(s_www, DnsRecordType.A, flags)).FromCache);
        }
        foreach (DnsQueryFlags flags in all)
        {
            Assert.True((await resolver.ResolveAsync(s_www, DnsRecordType.A, flags)).FromCache);
        }

        Assert.Equal(4, server.Queries);
        IReadOnlyList<DnsMessage> queries = server.ReceivedQueries;
        for (int i = 0; i < all.Length; i++)
        {
            Assert.Equal(all[i].HasFlag(DnsQueryFlags.DnssecOk), queries[i].Edns!.DnssecOk);
            Assert.Equal(all[i].HasFlag(DnsQueryFlags.CheckingDisabled), queries[i].CheckingDisabled);
        }
    }

    [Fact]
    public async Task ResolveAsync_CachedAnswer_TtlsAgeWithTheClock()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, Cname("www.example.org.", "web.example.org.", 500), A("web.example.org.", "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);
        await resolver.ResolveAsync(s_www, DnsRecordType.A);

        _time.Advance(TimeSpan.FromSeconds(100));
        DnsResolution aged = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.True(aged.FromCache);
        Assert.Equal(new uint[] { 400, 200 }, aged.Response!.Answers.Select(record => record.Ttl));
        Assert.Equal(1, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_CacheEntryLivesAsLongAsTheSmallestTtl()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, Cname("www.example.org.", "web.example.org.", 500), A("web.example.org.", "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);
        await resolver.ResolveAsync(s_www, DnsRecordType.A);

        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.True((await resolver.ResolveAsync(s_www, DnsRecordType.A)).FromCache);
        _time.Advance(TimeSpan.FromSeconds(2));
        DnsResolution expired = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.False(expired.FromCache);
        Assert.Equal(2, server.Queries);
        Assert.Equal(new uint[] { 500, 300 }, expired.Response!.Answers.Select(record => record.Ttl));
    }

    [Fact]
    public async Task ResolveAsync_TtlAboveMaxTtl_IsCachedForMaxTtlOnly()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 86400)));
        DnsResolverOptions options = TestResolvers.Options(server.EndPoint);
        options.MaxTtl = TimeSpan.FromSeconds(60);
        DnsResolver resolver = TestResolvers.Create(options, _time);
        await resolver.ResolveAsync(s_www, DnsRecordType.A);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await resolver.ResolveAsync(s_www, DnsRecordType.A)).FromCache);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await resolver.ResolveAsync(s_www, DnsRecordType.A)).FromCache);
        Assert.Equal(2, server.Queries);
    }

    [Theory]
    [InlineData(DnsResponseCode.NXDomain, 300u, 60u, 60)]
    [InlineData(DnsResponseCode.NXDomain, 30u, 900u, 30)]
    [InlineData(DnsResponseCode.NoError, 300u, 60u, 60)]
    [InlineData(DnsResponseCode.NoError, 45u, 3600u, 45)]
    public async Task ResolveAsync_NegativeAnswerWithSoa_IsCachedForTheSmallerOfSoaTtlAndMinimum(DnsResponseCode code, uint soaTtl, uint minimum, int expectedSeconds)
    {
        await using ScriptedDnsServer server = new(query => Reply(query, code, [], [Soa("example.org.", soaTtl, minimum)]));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution first = await resolver.ResolveAsync(s_www, DnsRecordType.AAAA);
        Assert.Equal(code, first.Response!.ResponseCode);
        _time.Advance(TimeSpan.FromSeconds(expectedSeconds - 1));
        DnsResolution cached = await resolver.ResolveAsync(s_www, DnsRecordType.AAAA);
        Assert.True(cached.FromCache);
        Assert.Equal(code, cached.Response!.ResponseCode);
        Assert.Equal(soaTtl - (uint)(expectedSeconds - 1), Assert.Single(cached.Response.Authorities).Ttl);
        Assert.Equal(1, server.Queries);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await resolver.ResolveAsync(s_www, DnsRecordType.AAAA)).FromCache);
        Assert.Equal(2, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_NegativeAnswer_IsCappedByMaxNegativeTtl()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, DnsResponseCode.NXDomain, [], [Soa("example.org.", 86400, 86400)]));
        DnsResolverOptions options = TestResolvers.Options(server.EndPoint);
        options.MaxNegativeTtl = TimeSpan.FromSeconds(10);
        DnsResolver resolver = TestResolvers.Create(options, _time);
        await resolver.ResolveAsync(s_www, DnsRecordType.A);

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.False((await resolver.ResolveAsync(s_www, DnsRecordType.A)).FromCache);
        Assert.Equal(2, server.Queries);
    }

    [Theory]
    [InlineData(DnsResponseCode.NoError)]
    [InlineData(DnsResponseCode.NXDomain)]
    public async Task ResolveAsync_NegativeAnswerWithoutSoa_IsNotCached(DnsResponseCode code)
    {
        await using ScriptedDnsServer server = new(query => Reply(query, code, [], []));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution first = await resolver.ResolveAsync(s_www, DnsRecordType.AAAA);
        DnsResolution second = await resolver.ResolveAsync(s_www, DnsRecordType.AAAA);

        Assert.Equal(code, first.Response!.ResponseCode);
        Assert.False(second.FromCache);
        Assert.Equal(2, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_ServFail_NextUpstreamIsTriedAndItsAnswerReturned()
    {
        await using ScriptedDnsServer failing = new(query => Reply(query, DnsResponseCode.ServFail, [], []));
        await using ScriptedDnsServer working = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300)));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(failing.EndPoint, working.EndPoint), _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.Equal(DnsResponseCode.NoError, resolution.Response!.ResponseCode);
        Assert.Equal(A("www.example.org.", "192.0.2.1", 300), Assert.Single(resolution.Response.Answers));
        Assert.Equal(1, failing.Queries);
        Assert.Equal(1, working.Queries);
    }

    [Fact]
    public async Task ResolveAsync_AllUpstreamsServFail_ReturnsServFailAndDoesNotCacheIt()
    {
        await using ScriptedDnsServer first = new(query => Reply(query, DnsResponseCode.ServFail, [], [Soa("example.org.", 300, 300)]));
        await using ScriptedDnsServer second = new(query => Reply(query, DnsResponseCode.Refused, [], []));
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(first.EndPoint, second.EndPoint), _time);

        DnsResolution one = await resolver.ResolveAsync(s_www, DnsRecordType.A);
        DnsResolution two = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.True(one.Succeeded);
        Assert.NotEqual(DnsResponseCode.NoError, one.Response.ResponseCode);
        Assert.False(two.FromCache);
        Assert.Equal(4, first.Queries + second.Queries);
    }

    [Fact]
    public async Task ResolveAsync_FiftyIdenticalQuestionsAtOnce_AskUpstreamOnce()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300)))
        {
            Delay = TimeSpan.FromMilliseconds(200),
        };
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        Task<DnsResolution>[] tasks = [.. Enumerable.Range(0, 50).Select(_ => Task.Run(() => resolver.ResolveAsync(s_www, DnsRecordType.A).AsTask()))];
        DnsResolution[] results = await Task.WhenAll(tasks);

        Assert.Equal(1, server.Queries);
        Assert.All(results, result => Assert.Equal(A("www.example.org.", "192.0.2.1", 300), Assert.Single(result.Response!.Answers)));
    }

    [Fact]
    public async Task ResolveAsync_TruncatedOverUdp_RetriesOverTcpAndReturnsTheFullAnswer()
    {
        DnsResourceRecord[] many = [.. Enumerable.Range(1, 100).Select(i => A("www.example.org.", $"198.51.100.{i}", 300))];
        await using ScriptedDnsServer server = new(query => Reply(query, many)) { TruncateUdp = true };
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.True(resolution.Succeeded);
        Assert.False(resolution.Response.Truncated);
        Assert.Equal(many, resolution.Response.Answers);
        Assert.Equal(1, server.UdpQueries);
        Assert.Equal(1, server.TcpQueries);
        Assert.True((await resolver.ResolveAsync(s_www, DnsRecordType.A)).FromCache);
    }

    [Fact]
    public async Task ResolveAsync_SilentFirstUpstream_SecondUpstreamAnswers()
    {
        await using ScriptedDnsServer silent = new(_ => null);
        await using ScriptedDnsServer working = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300)));
        DnsResolverOptions options = TestResolvers.Options(silent.EndPoint, working.EndPoint);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(250);
        DnsResolver resolver = TestResolvers.Create(options, _time);

        Stopwatch stopwatch = Stopwatch.StartNew();
        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);
        stopwatch.Stop();

        Assert.Equal(A("www.example.org.", "192.0.2.1", 300), Assert.Single(resolution.Response!.Answers));
        Assert.Equal(1, silent.Queries);
        Assert.Equal(1, working.Queries);
        // One attempt of 250 ms, then the answer; below the default attempt's 2 s, with slack for a loaded machine.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1.95));
    }

    [Fact]
    public async Task ResolveAsync_SilentUpstream_IsNotPreferredAfterItFailed()
    {
        await using ScriptedDnsServer silent = new(_ => null);
        await using ScriptedDnsServer working = new(query => Reply(query, A(query.Questions[0].Name.ToString(), "192.0.2.1", 300)));
        DnsResolverOptions options = TestResolvers.Options(silent.EndPoint, working.EndPoint);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(250);
        DnsResolver resolver = TestResolvers.Create(options, _time);
        await resolver.ResolveAsync(s_www, DnsRecordType.A);

        DnsResolution other = await resolver.ResolveAsync(Name("other.example.org."), DnsRecordType.A);

        Assert.True(other.Succeeded);
        Assert.Equal(1, silent.Queries);
        Assert.Equal(2, working.Queries);
    }

    [Fact]
    public async Task ResolveAsync_AllUpstreamsSilent_FailsWithTimeoutAfterTheAttempts()
    {
        await using ScriptedDnsServer one = new(_ => null);
        await using ScriptedDnsServer two = new(_ => null);
        DnsResolverOptions options = TestResolvers.Options(one.EndPoint, two.EndPoint);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(250);
        options.Attempts = 3;
        DnsResolver resolver = TestResolvers.Create(options, _time);

        Stopwatch stopwatch = Stopwatch.StartNew();
        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);
        stopwatch.Stop();

        Assert.False(resolution.Succeeded);
        Assert.Null(resolution.Response);
        Assert.Equal(DnsResolutionError.Timeout, resolution.Error);
        Assert.Equal(3, one.Queries + two.Queries);
        // Three attempts of 250 ms; the upper bound stays below what the default 2 s per attempt would take (6 s)
        // while leaving a loaded CI machine seconds of slack for its timers.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(5.5));
    }

    [Fact]
    public async Task ResolveAsync_NothingListening_FailsAsUnreachable()
    {
        IPEndPoint closed;
        using (Socket probe = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }
        DnsResolverOptions options = TestResolvers.Options(closed);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        DnsResolver resolver = TestResolvers.Create(options, _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.False(resolution.Succeeded);
        Assert.Equal(DnsResolutionError.Unreachable, resolution.Error);
    }

    [Fact]
    public async Task ResolveAsync_ReplyWithWrongIdFirst_IsIgnoredAndTheRealReplyAccepted()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300))) { SendWrongIdFirst = true };
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.Equal(A("www.example.org.", "192.0.2.1", 300), Assert.Single(resolution.Response!.Answers));
        Assert.Equal(1, server.Queries);
    }

    [Fact]
    public async Task ResolveAsync_ReplyToAnotherQuestionFirst_IsIgnoredAndTheRealReplyAccepted()
    {
        await using ScriptedDnsServer server = new(query => Reply(query, A("www.example.org.", "192.0.2.1", 300))) { SendWrongQuestionFirst = true };
        DnsResolver resolver = TestResolvers.Create(TestResolvers.Options(server.EndPoint), _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.Equal(A("www.example.org.", "192.0.2.1", 300), Assert.Single(resolution.Response!.Answers));
    }

    [Fact]
    public async Task ResolveAsync_OnlyForgedReplies_TimesOut()
    {
        // The forged reply comes first; the real one never does because the server stays silent after it.
        await using ScriptedDnsServer server = new(query =>
        {
            DnsMessage forged = Reply(query, A("www.example.org.", "6.6.6.6", 300));
            forged.Id ^= 0x0101;
            return forged;
        });
        DnsResolverOptions options = TestResolvers.Options(server.EndPoint);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(250);
        options.Attempts = 1;
        DnsResolver resolver = TestResolvers.Create(options, _time);

        DnsResolution resolution = await resolver.ResolveAsync(s_www, DnsRecordType.A);

        Assert.False(resolution.Succeeded);
        Assert.Equal(DnsResolutionError.Timeout, resolution.Error);
    }

    [Fact]
    public void Constructor_WithoutUpstreams_Throws()
    {
        Assert.Throws<ArgumentException>(() => TestResolvers.Create(new DnsResolverOptions(), _time));
    }
}
