using System.Buffers.Binary;
using System.Net;
using Gate64.Dns64;
using Gate64.Protocols.Dns;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Dns64.Dns64TestHost;
using static Gate64.Tests.Resolver.DnsRecords;

namespace Gate64.Tests.Dns64;

public class Dns64QueryHandlerTests
{
    private const string Www = "www.example.org.";

    private static readonly byte[] s_loopback4 = [127, 0, 0, 1];
    private static readonly byte[] s_loopback6 = IPAddress.IPv6Loopback.GetAddressBytes();
    private static readonly byte[] s_stranger4 = [192, 0, 2, 99];
    private static readonly byte[] s_stranger6 = IPAddress.Parse("2001:db8::99").GetAddressBytes();

    private readonly FakeDnsResolver _resolver = new();
    private readonly FakeTimeProvider _time = new();
    private readonly byte[] _response = new byte[65535];

    [Theory]
    [MemberData(nameof(Strangers))]
    public void TryAnswerFast_ClientOutsideAllow_IsRefusedWithTheQuestionEchoed(byte[] client)
    {
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        DnsMessage query = Query(Www, DnsRecordType.AAAA, id: 0xBEEF, edns: DnsEdns.Default);
        query.CheckingDisabled = true;
        byte[] request = Encode(query);

        Dns64Outcome outcome = handler.TryAnswerFast(request, client, udp: true, _response, out int written);

        Assert.Equal(Dns64Outcome.Answered, outcome);
        AssertHeaderOnly(request, written, DnsResponseCode.Refused, truncated: false);
        Assert.Equal(0x10, _response[3] & 0x10);   // CD kept
        Assert.Empty(_resolver.Asked);
    }

    public static TheoryData<byte[]> Strangers => new() { s_stranger4, s_stranger6 };

    [Theory]
    [MemberData(nameof(Everybody))]
    public void TryAnswerFast_EmptyAllow_RefusesEverybody(byte[] client)
    {
        Dns64Options options = Options();
        options.Allow.Clear();
        Dns64QueryHandler handler = Handler(_resolver, options, _time);
        byte[] request = Encode(Query(Www, DnsRecordType.AAAA));

        Dns64Outcome outcome = handler.TryAnswerFast(request, client, udp: false, _response, out int written);

        Assert.Equal(Dns64Outcome.Answered, outcome);
        AssertHeaderOnly(request, written, DnsResponseCode.Refused, truncated: false);
    }

    public static TheoryData<byte[]> Everybody => new() { s_loopback4, s_loopback6, s_stranger4, s_stranger6, new byte[4], new byte[16] };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void TryAnswerFast_AllowedClientAndNothingCached_NeedsUpstream(byte[] client)
    {
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);

        Dns64Outcome outcome = handler.TryAnswerFast(Encode(Query(Www, DnsRecordType.AAAA)), client, udp: true, _response, out int written);

        Assert.Equal(Dns64Outcome.NeedsUpstream, outcome);
        Assert.Equal(0, written);
    }

    public static TheoryData<byte[]> Allowed => new() { s_loopback4, s_loopback6, new byte[] { 127, 9, 8, 7 } };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryAnswerFast_MalformedOrNotAQuery_IsDropped(byte[] request)
    {
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);

        Assert.Equal(Dns64Outcome.Dropped, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out int written));
        Assert.Equal(0, written);
        Assert.Equal(Dns64Outcome.Dropped, handler.TryAnswerFast(request, s_stranger4, udp: true, _response, out written));
        Assert.Equal(0, written);
    }

    public static TheoryData<byte[]> Malformed()
    {
        TheoryData<byte[]> data = [];
        byte[] query = Encode(Query(Www, DnsRecordType.AAAA));
        data.Add([]);
        data.Add(query[..5]);                 // truncated header
        data.Add(query[..11]);
        data.Add(query[..DnsHeader.Size]);    // header promising a question that is not there
        data.Add(query[..(query.Length - 1)]); // question cut short
        byte[] response = (byte[])query.Clone();
        response[2] |= 0x80;                  // QR=1: a response, not a query
        data.Add(response);
        DnsMessage two = Query(Www, DnsRecordType.AAAA);
        two.Questions.Add(new DnsQuestion(Name("mail.example.org."), DnsRecordType.AAAA, DnsClass.IN));
        data.Add(Encode(two));
        byte[] none = (byte[])query.Clone();
        none[5] = 0;                          // QDCOUNT=0
        data.Add(none[..DnsHeader.Size]);
        byte[] badOpt = [.. query, 0, 0, 41];   // an additional record cut short
        badOpt[11] = 1;
        data.Add(badOpt);
        Random random = new(53);
        for (int i = 0; i < 8; i++)
        {
            byte[] noise = new byte[12 + random.Next(60)];
            random.NextBytes(noise);
            noise[2] |= 0x80;   // random bytes, which at least never claim to be a query
            data.Add(noise);
            byte[] garbage = new byte[12 + random.Next(60)];
            random.NextBytes(garbage);
            garbage[2] &= 0x7F;
            garbage[4] = 0;
            garbage[5] = 1;
            garbage[12] = 0xFF; // a reserved label type where the question name starts
            data.Add(garbage);
        }
        return data;
    }

    [Fact]
    public async Task TryAnswerFast_AfterOneSlowAnswer_SameQuestionIsAnsweredFromCacheWithTheNewIdAndLetterCase()
    {
        _resolver
            .Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [], [Soa("example.org.", 900, 900)]))
            .Add(Www, DnsRecordType.A, Response(Www, DnsRecordType.A, DnsResponseCode.NoError, [A(Www, "192.0.2.1", 300)]));
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] first = Encode(Query("www.example.org.", DnsRecordType.AAAA, id: 0x1111));
        Assert.Equal(Dns64Outcome.NeedsUpstream, handler.TryAnswerFast(first, s_loopback4, udp: true, _response, out _));
        int slowLength = await handler.AnswerSlowAsync(first, udp: true, _response, CancellationToken.None);
        DnsMessage slow = Decode(_response.AsSpan(0, slowLength));
        Assert.Equal(0x1111, slow.Id);
        Assert.Equal(Aaaa(Www, "2001:db8:64::c000:201", 300), Assert.Single(slow.Answers));
        int asked = _resolver.Asked.Count;

        DnsMessage again = Query("WWW.Example.ORG.", DnsRecordType.AAAA, id: 0x2222);
        again.RecursionDesired = false;
        byte[] second = Encode(again);
        Dns64Outcome outcome = handler.TryAnswerFast(second, s_loopback6, udp: true, _response, out int written);

        Assert.Equal(Dns64Outcome.Answered, outcome);
        Assert.Equal(asked, _resolver.Asked.Count);
        DnsMessage cached = Decode(_response.AsSpan(0, written));
        Assert.Equal(0x2222, cached.Id);
        Assert.True(cached.IsResponse);
        Assert.False(cached.RecursionDesired);
        Assert.True(_response.AsSpan(DnsHeader.Size, second.Length - DnsHeader.Size).SequenceEqual(second.AsSpan(DnsHeader.Size)));
        Assert.True(Assert.Single(cached.Questions).Name.Wire.SequenceEqual(Name("WWW.Example.ORG.").Wire));
        Assert.Equal(Aaaa(Www, "2001:db8:64::c000:201", 300), Assert.Single(cached.Answers));
    }

    [Fact]
    public async Task TryAnswerFast_CachedAnswer_TtlsDecreaseWithTheClockUntilItExpires()
    {
        _resolver.Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8::1", 300), Aaaa(Www, "2001:db8::2", 500)], [Soa("example.org.", 900, 900)]));
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] request = Encode(Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default));
        await handler.AnswerSlowAsync(request, udp: true, _response, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(Dns64Outcome.Answered, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out int written));
        DnsMessage aged = Decode(_response.AsSpan(0, written));

        Assert.Equal(new uint[] { 200, 400 }, aged.Answers.Select(record => record.Ttl));
        Assert.Equal(800u, Assert.Single(aged.Authorities).Ttl);
        Assert.NotNull(aged.Edns);
        Assert.Equal(DnsEdns.DefaultUdpPayloadSize, aged.Edns.UdpPayloadSize);

        _time.Advance(TimeSpan.FromSeconds(201));
        Assert.Equal(Dns64Outcome.NeedsUpstream, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out _));
    }

    [Fact]
    public async Task AnswerSlowAsync_UdpAnswerOver512ForClientWithoutEdns_IsTruncatedAndEmpty()
    {
        AddManyAaaa(40);
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] request = Encode(Query(Www, DnsRecordType.AAAA, id: 0x4242));

        int written = await handler.AnswerSlowAsync(request, udp: true, _response, CancellationToken.None);

        AssertHeaderOnly(request, written, DnsResponseCode.NoError, truncated: true);
        Assert.Equal(0x80, _response[3] & 0x80);   // RA

        // From the cache: truncated again over UDP, whole over TCP.
        Assert.Equal(Dns64Outcome.Answered, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out written));
        AssertHeaderOnly(request, written, DnsResponseCode.NoError, truncated: true);
        Assert.Equal(Dns64Outcome.Answered, handler.TryAnswerFast(request, s_loopback4, udp: false, _response, out written));
        Assert.True(written > 512);
        DnsMessage whole = Decode(_response.AsSpan(0, written));
        Assert.False(whole.Truncated);
        Assert.Equal(40, whole.Answers.Count);
    }

    [Fact]
    public async Task AnswerSlowAsync_OverTcp_IsNeverTruncated()
    {
        AddManyAaaa(40);
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);

        int written = await handler.AnswerSlowAsync(Encode(Query(Www, DnsRecordType.AAAA)), udp: false, _response, CancellationToken.None);

        Assert.Equal(40, Decode(_response.AsSpan(0, written)).Answers.Count);
    }

    [Fact]
    public async Task AnswerSlowAsync_UdpAnswerThatFitsTheClientsEdnsSize_IsWhole()
    {
        AddManyAaaa(40);
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] request = Encode(Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default));

        int written = await handler.AnswerSlowAsync(request, udp: true, _response, CancellationToken.None);

        Assert.InRange(written, 513, 1232);
        DnsMessage whole = Decode(_response.AsSpan(0, written));
        Assert.False(whole.Truncated);
        Assert.Equal(40, whole.Answers.Count);
        Assert.Equal(Dns64Outcome.Answered, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out int cached));
        Assert.Equal(written, cached);
    }

    [Fact]
    public async Task AnswerSlowAsync_UdpAnswerOverTheClientsEdnsSize_IsTruncated()
    {
        AddManyAaaa(60);
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] request = Encode(Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default with { UdpPayloadSize = 1232 }));

        int written = await handler.AnswerSlowAsync(request, udp: true, _response, CancellationToken.None);

        Assert.Equal(0x02, _response[2] & 0x02);
        Assert.True(written < 512);
        DnsMessage truncated = Decode(_response.AsSpan(0, written));
        Assert.True(truncated.Truncated);
        Assert.Empty(truncated.Answers);
    }

    [Fact]
    public async Task AnswerSlowAsync_MoreThanMaxPendingQueries_AnswersServFailAtOnce()
    {
        _resolver.Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8::1", 300)]));
        _resolver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Dns64Options options = Options();
        options.MaxPendingQueries = 1;
        Dns64QueryHandler handler = Handler(_resolver, options, _time);
        byte[] firstBuffer = new byte[65535];

        Task<int> first = handler.AnswerSlowAsync(Encode(Query(Www, DnsRecordType.AAAA, id: 1)), udp: true, firstBuffer, CancellationToken.None).AsTask();
        byte[] second = Encode(Query("other.example.org.", DnsRecordType.AAAA, id: 2));
        ValueTask<int> overflow = handler.AnswerSlowAsync(second, udp: true, _response, CancellationToken.None);

        Assert.True(overflow.IsCompleted);
        AssertHeaderOnly(second, await overflow, DnsResponseCode.ServFail, truncated: false);
        Assert.False(first.IsCompleted);

        _resolver.Hold.SetResult();
        int written = await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DnsResponseCode.NoError, Decode(firstBuffer.AsSpan(0, written)).ResponseCode);

        // Once the first is answered there is room again.
        written = await handler.AnswerSlowAsync(Encode(Query(Www, DnsRecordType.AAAA, id: 3)), udp: true, _response, CancellationToken.None);
        Assert.Equal(DnsResponseCode.NoError, Decode(_response.AsSpan(0, written)).ResponseCode);
    }

    [Fact]
    public async Task AnswerSlowAsync_UpstreamFailure_IsServFailAndNotCached()
    {
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] request = Encode(Query(Www, DnsRecordType.AAAA, id: 0x5151));

        int written = await handler.AnswerSlowAsync(request, udp: true, _response, CancellationToken.None);

        DnsMessage response = Decode(_response.AsSpan(0, written));
        Assert.Equal(DnsResponseCode.ServFail, response.ResponseCode);
        Assert.Equal(0x5151, response.Id);
        Assert.Equal(Dns64Outcome.NeedsUpstream, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out _));
    }

    [Fact]
    public async Task AnswerSlowAsync_NotAQuery_IsDropped()
    {
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);

        Assert.Equal(0, await handler.AnswerSlowAsync(new byte[] { 1, 2, 3 }, udp: true, _response, CancellationToken.None));
    }

    [Fact]
    public async Task OtherOpcode_GoesToTheSlowPathAndIsNotImplemented()
    {
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        DnsMessage query = Query(Www, DnsRecordType.AAAA);
        query.Opcode = DnsOpcode.Notify;
        byte[] request = Encode(query);

        Assert.Equal(Dns64Outcome.NeedsUpstream, handler.TryAnswerFast(request, s_loopback4, udp: true, _response, out _));
        int written = await handler.AnswerSlowAsync(request, udp: true, _response, CancellationToken.None);

        DnsMessage response = Decode(_response.AsSpan(0, written));
        Assert.Equal(DnsResponseCode.NotImp, response.ResponseCode);
        Assert.Equal(DnsOpcode.Notify, response.Opcode);
    }

    [Fact]
    public async Task QueriesWithAndWithoutEdns_AreCachedApart()
    {
        _resolver.Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8::1", 300)]));
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        byte[] plain = Encode(Query(Www, DnsRecordType.AAAA));
        byte[] edns = Encode(Query(Www, DnsRecordType.AAAA, edns: DnsEdns.Default));
        await handler.AnswerSlowAsync(plain, udp: true, _response, CancellationToken.None);

        Assert.Equal(Dns64Outcome.NeedsUpstream, handler.TryAnswerFast(edns, s_loopback4, udp: true, _response, out _));
        Assert.Equal(Dns64Outcome.Answered, handler.TryAnswerFast(plain, s_loopback4, udp: true, _response, out int written));
        Assert.Null(Decode(_response.AsSpan(0, written)).Edns);
    }

    /// <summary>
    /// The responder sets AD only for clients that asked for it with AD or DO (RFC 6840 §5.7), so a
    /// ready answer made for a client that set AD must not be replayed with AD to one that did not.
    /// </summary>
    [Fact]
    public async Task TryAnswerFast_AnswerCachedForAnAdQuery_IsNotReplayedWithAdToAClientWithoutAd()
    {
        DnsMessage validated = Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [Aaaa(Www, "2001:db8::1", 300)]);
        validated.AuthenticData = true;
        _resolver.Add(Www, DnsRecordType.AAAA, validated);
        Dns64QueryHandler handler = Handler(_resolver, Options(), _time);
        DnsMessage withAd = Query(Www, DnsRecordType.AAAA, id: 1);
        withAd.AuthenticData = true;
        int written = await handler.AnswerSlowAsync(Encode(withAd), udp: true, _response, CancellationToken.None);
        Assert.True(Decode(_response.AsSpan(0, written)).AuthenticData);

        byte[] withoutAd = Encode(Query(Www, DnsRecordType.AAAA, id: 2));
        if (handler.TryAnswerFast(withoutAd, s_loopback4, udp: true, _response, out written) == Dns64Outcome.NeedsUpstream)
        {
            written = await handler.AnswerSlowAsync(withoutAd, udp: true, _response, CancellationToken.None);
        }

        DnsMessage answer = Decode(_response.AsSpan(0, written));
        Assert.Equal(2, answer.Id);
        Assert.False(answer.AuthenticData, "a client that set neither AD nor DO got AD=1 from the ready-answer cache");
    }

    private void AddManyAaaa(int count) =>
        _resolver.Add(Www, DnsRecordType.AAAA, Response(Www, DnsRecordType.AAAA, DnsResponseCode.NoError, [.. Enumerable.Range(1, count).Select(i => Aaaa(Www, $"2001:db8::{i:x}", 300))]));

    /// <summary>A response made of the request's header and question only: ID and question echoed, QR set, counts zero.</summary>
    private void AssertHeaderOnly(byte[] request, int written, DnsResponseCode code, bool truncated)
    {
        int questionEnd = DnsHeader.Size + Decode(request).Questions[0].Name.Wire.Length + 4;
        Assert.Equal(questionEnd, written);
        Assert.True(DnsHeader.TryRead(_response, out DnsHeader header));
        Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(request), header.Id);
        Assert.True(header.IsResponse);
        Assert.Equal((int)code, header.ResponseCode);
        Assert.Equal(truncated, header.Truncated);
        Assert.Equal((request[2] >> 3) & 0xF, (int)header.Opcode);
        Assert.Equal((request[2] & 0x01) != 0, header.RecursionDesired);
        Assert.Equal(1, header.QuestionCount);
        Assert.Equal(0, header.AnswerCount);
        Assert.Equal(0, header.AuthorityCount);
        Assert.Equal(0, header.AdditionalCount);
        Assert.True(_response.AsSpan(DnsHeader.Size, questionEnd - DnsHeader.Size).SequenceEqual(request.AsSpan(DnsHeader.Size, questionEnd - DnsHeader.Size)));
        Assert.Equal(DnsParseError.None, DnsMessage.TryParse(_response.AsSpan(0, written), out _));
    }
}
