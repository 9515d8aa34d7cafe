using System.Buffers.Binary;
using Gate64.Configuration;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Dns64;

/// <summary>
/// The transport-independent half of the DNS64 server. The fast path (ACL, refusal, cached
/// answer) runs synchronously on the receive loop and allocates nothing; everything else goes
/// through <see cref="Dns64Responder"/> on the slow path, bounded in concurrency. A reload
/// swaps the client ACL and the exclusions between queries: each query reads the options once.
/// </summary>
internal sealed partial class Dns64QueryHandler : IDisposable
{
    private const int HeaderFlagsOffset = 2;
    private const int CountsOffset = 6;

    private readonly Dns64Responder _responder;
    private readonly Dns64ResponseCache _cache;
    private readonly Dns64Metrics _metrics;
    private readonly ILogger<Dns64QueryHandler> _logger;
    private readonly IDisposable? _reloads;
    private Dns64Options _options;
    private int _pending;

    /// <summary>Counts reloads that changed the exclusions: an answer computed across one is not cached.</summary>
    private int _exclusionsVersion;

    public Dns64QueryHandler(IOptionsMonitor<Dns64Options> options, Dns64Responder responder, TimeProvider time, Dns64Metrics metrics, ILogger<Dns64QueryHandler> logger)
    {
        _options = options.CurrentValue;
        _responder = responder;
        _cache = new Dns64ResponseCache(_options.ResponseCacheBytes, time);
        _metrics = metrics;
        _logger = logger;
        _reloads = options.OnChange(OnReload);
    }

    /// <summary>Settings that never change (tests and tools without a host).</summary>
    internal Dns64QueryHandler(IOptions<Dns64Options> options, Dns64Responder responder, TimeProvider time, Dns64Metrics metrics, ILogger<Dns64QueryHandler> logger)
        : this(new FixedOptionsMonitor<Dns64Options>(options.Value), responder, time, metrics, logger)
    {
    }

    public Dns64ResponseCache Cache => _cache;

    /// <summary>
    /// Answers from what is at hand: REFUSED for clients outside the ACL, a cached answer, or
    /// SERVFAIL when too many questions are already waiting upstream.
    /// </summary>
    /// <param name="request">The query as received.</param>
    /// <param name="clientAddress">The client's address: 4 or 16 bytes.</param>
    /// <param name="udp">Over UDP, an answer larger than the client accepts is truncated.</param>
    /// <param name="response">Where the answer is written.</param>
    /// <param name="written">The answer's length.</param>
    public Dns64Outcome TryAnswerFast(ReadOnlySpan<byte> request, ReadOnlySpan<byte> clientAddress, bool udp, Span<byte> response, out int written)
    {
        written = 0;
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        if (!Dns64Query.TryRead(request, name, out Dns64Query query))
        {
            _metrics.Dropped("malformed");
            return Dns64Outcome.Dropped;
        }
        if (!IsAllowed(Volatile.Read(ref _options), clientAddress))
        {
            _metrics.Refused();
            written = WriteHeaderOnly(request, query, DnsResponseCode.Refused, truncated: false, response);
            return Dns64Outcome.Answered;
        }
        if (query.Opcode != DnsOpcode.Query)
        {
            return Dns64Outcome.NeedsUpstream;
        }
        Span<byte> key = stackalloc byte[DnsQuestionKey.MaxLength];
        int keyLength = DnsQuestionKey.Write(name[..query.NameLength], query.Type, query.Class, query.KeyFlags, key);
        if (_cache.TryWrite(key[..keyLength], request, query, response, out int length))
        {
            _metrics.CacheHit();
            written = FitToTransport(request, query, udp, response, length);
            return Dns64Outcome.Answered;
        }
        return Dns64Outcome.NeedsUpstream;
    }

    /// <summary>Answers a query the fast path could not, and caches the answer; 0 when it is dropped.</summary>
    public async ValueTask<int> AnswerSlowAsync(ReadOnlyMemory<byte> request, bool udp, Memory<byte> response, CancellationToken cancellationToken)
    {
        if (!TryReadWithKey(request.Span, out Dns64Query query, out byte[] key))
        {
            return 0;
        }
        int exclusionsVersion = Volatile.Read(ref _exclusionsVersion);
        if (Interlocked.Increment(ref _pending) > Volatile.Read(ref _options).MaxPendingQueries)
        {
            Interlocked.Decrement(ref _pending);
            _metrics.Dropped("overloaded");
            return WriteHeaderOnly(request.Span, query, DnsResponseCode.ServFail, truncated: false, response.Span);
        }
        try
        {
            if (DnsMessage.TryParse(request.Span, out DnsMessage? parsed) != DnsParseError.None || parsed is null)
            {
                _metrics.Dropped("malformed");
                return 0;
            }
            DnsMessage answer = await _responder.AnswerAsync(parsed, cancellationToken).ConfigureAwait(false);
            if (!answer.TryWrite(response.Span, out int length))
            {
                return WriteHeaderOnly(request.Span, query, DnsResponseCode.ServFail, truncated: false, response.Span);
            }
            if (query.Opcode == DnsOpcode.Query && exclusionsVersion == Volatile.Read(ref _exclusionsVersion))
            {
                _cache.Add(key, answer, response.Span[..length], query.QuestionEnd);
            }
            return FitToTransport(request.Span, query, udp, response.Span, length);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug must cost one answer, never the server.
            LogAnswerFailed(_logger, exception);
            return WriteHeaderOnly(request.Span, query, DnsResponseCode.ServFail, truncated: false, response.Span);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private static bool TryReadWithKey(ReadOnlySpan<byte> request, out Dns64Query query, out byte[] key)
    {
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        key = [];
        if (!Dns64Query.TryRead(request, name, out query))
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[DnsQuestionKey.MaxLength];
        key = buffer[..DnsQuestionKey.Write(name[..query.NameLength], query.Type, query.Class, query.KeyFlags, buffer)].ToArray();
        return true;
    }

    /// <summary>
    /// A reload: the ACL applies from the next query on. Answers cached under other exclusions
    /// are dropped, since they may hold real AAAA records that now count as absent (or the reverse).
    /// </summary>
    private void OnReload(Dns64Options next, string? name)
    {
        Dns64Options previous = Interlocked.Exchange(ref _options, next);
        if (!previous.Exclude.SequenceEqual(next.Exclude))
        {
            Interlocked.Increment(ref _exclusionsVersion);
            _cache.Clear();
        }
    }

    public void Dispose() => _reloads?.Dispose();

    private static bool IsAllowed(Dns64Options options, ReadOnlySpan<byte> clientAddress)
    {
        foreach (IpPrefix allowed in options.Allow)
        {
            if (allowed.Contains(clientAddress))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Over UDP, an answer too large for the client becomes an empty one with TC set (RFC 1035 §4.2.1).</summary>
    private static int FitToTransport(ReadOnlySpan<byte> request, in Dns64Query query, bool udp, Span<byte> response, int length) =>
        udp && length > query.MaxUdpResponse
            ? WriteHeaderOnly(request, query, (DnsResponseCode)(response[3] & 0x0F), truncated: true, response)
            : length;

    /// <summary>A response made of the request's header and question: for REFUSED, SERVFAIL and truncation.</summary>
    private static int WriteHeaderOnly(ReadOnlySpan<byte> request, in Dns64Query query, DnsResponseCode code, bool truncated, Span<byte> response)
    {
        request[..query.QuestionEnd].CopyTo(response);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(request[HeaderFlagsOffset..]);
        flags = (ushort)((flags & 0x7910) | 0x8080 | ((int)code & 0x0F));   // keep opcode, RD, CD; set QR, RA
        if (truncated)
        {
            flags |= 0x0200;
        }
        BinaryPrimitives.WriteUInt16BigEndian(response[HeaderFlagsOffset..], flags);
        response.Slice(CountsOffset, 6).Clear();   // no answer, authority or additional records
        return query.QuestionEnd;
    }

    [LoggerMessage(EventId = 200, EventName = "AnswerFailed", Level = LogLevel.Error, Message = "Answering a query failed; the client got SERVFAIL")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception);
}
