using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Gate64.Protocols.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Resolver;

/// <summary>
/// Stub resolver: answers from a TTL cache, joins identical questions already in flight into one
/// upstream query, and otherwise asks the upstreams in turn until one answers. The cache keeps
/// answers as the upstream's wire bytes: one array an answer, so its byte budget is what it holds
/// and a full cache gives the garbage collector little to trace.
/// </summary>
internal sealed partial class DnsResolver : IDnsResolver
{
    private readonly DnsResolverOptions _options;
    private readonly DnsUpstreamClient _client = new();
    private readonly TtlCache<byte[]> _cache;
    private readonly ConcurrentDictionary<byte[], Task<DnsResolution>> _inFlight = new(ByteKeyComparer.Instance);
    private readonly ResolverMetrics _metrics;
    private readonly ILogger<DnsResolver> _logger;
    private int _preferredUpstream;

    public DnsResolver(IOptions<DnsResolverOptions> options, TimeProvider time, ResolverMetrics metrics, ILogger<DnsResolver> logger)
    {
        _options = options.Value;
        if (_options.Upstreams.Count == 0)
        {
            throw new ArgumentException("The resolver needs at least one upstream.", nameof(options));
        }
        _cache = new TtlCache<byte[]>(_options.CacheBytes, time);
        _metrics = metrics;
        _logger = logger;
    }

    public async ValueTask<DnsResolution> ResolveAsync(DnsName name, DnsRecordType type, DnsQueryFlags flags = DnsQueryFlags.None, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] key = CreateKey(name, type, flags);
        if (_cache.TryGet(key, out byte[] wire, out TimeSpan age) && DnsMessage.TryParse(wire, out DnsMessage? cached) == DnsParseError.None)
        {
            _metrics.CacheHit();
            return new DnsResolution(DnsMessageAging.Aged(cached!, age), DnsResolutionError.None, FromCache: true);
        }
        _metrics.CacheMiss();

        TaskCompletionSource<DnsResolution> ours = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<DnsResolution> shared = _inFlight.GetOrAdd(key, ours.Task);
        if (shared != ours.Task)
        {
            _metrics.Coalesced();
            return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            // Not cancelled by this caller: others may be waiting on the same answer; attempts bound the time.
            (DnsResolution resolution, byte[]? answerWire) = await QueryUpstreamsAsync(name, type, flags).ConfigureAwait(false);
            if (resolution.Succeeded && answerWire is not null)
            {
                TimeSpan ttl = DnsCachePolicy.TimeToLive(resolution.Response, _options.MaxTtl, _options.MaxNegativeTtl);
                _cache.Set(key, answerWire, ttl, answerWire.Length);
            }
            ours.SetResult(resolution);
        }
        catch (Exception exception)
        {
            ours.SetException(exception);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
        return await ours.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(DnsResolution, byte[]?)> QueryUpstreamsAsync(DnsName name, DnsRecordType type, DnsQueryFlags flags)
    {
        DnsResolutionError lastError = DnsResolutionError.Timeout;
        DnsMessage? lastAnswer = null;
        int count = _options.Upstreams.Count;
        int first = Volatile.Read(ref _preferredUpstream);
        for (int attempt = 0; attempt < _options.Attempts; attempt++)
        {
            int index = (first + attempt) % count;
            IPEndPoint upstream = _options.Upstreams[index];
            DnsMessage query = DnsMessage.CreateQuery(
                (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1), name, type, recursionDesired: true,
                new DnsEdns(_options.UdpPayloadSize, 0, 0, flags.HasFlag(DnsQueryFlags.DnssecOk), ReadOnlyMemory<byte>.Empty));
            query.CheckingDisabled = flags.HasFlag(DnsQueryFlags.CheckingDisabled);
            _metrics.UpstreamQuery();
            (DnsMessage? response, byte[]? wire, DnsResolutionError error) = await _client.ExchangeAsync(upstream, query, _options.AttemptTimeout, CancellationToken.None).ConfigureAwait(false);
            if (response is not null && IsDefinitive(response.ResponseCode))
            {
                return (new DnsResolution(response, DnsResolutionError.None, FromCache: false), wire);
            }
            // This upstream failed us: prefer the next one from now on.
            Interlocked.CompareExchange(ref _preferredUpstream, (index + 1) % count, first);
            if (response is not null)
            {
                lastAnswer = response;
                LogUpstreamRcode(_logger, upstream, name, type, response.ResponseCode);
            }
            else
            {
                lastError = error;
                _metrics.UpstreamFailure(error);
                LogUpstreamFailed(_logger, upstream, name, type, error);
            }
        }
        // Every upstream failed us; the last real answer (SERVFAIL, say) beats no answer, but is not cached.
        return lastAnswer is not null
            ? (new DnsResolution(lastAnswer, DnsResolutionError.None, FromCache: false), null)
            : (DnsResolution.Failed(lastError), null);
    }

    /// <summary>SERVFAIL, REFUSED and friends say more about the upstream than the name: try another.</summary>
    private static bool IsDefinitive(DnsResponseCode code) => code is DnsResponseCode.NoError or DnsResponseCode.NXDomain;

    private static byte[] CreateKey(DnsName name, DnsRecordType type, DnsQueryFlags flags)
    {
        Span<byte> key = stackalloc byte[DnsQuestionKey.MaxLength];
        int length = DnsQuestionKey.Write(name.Wire, type, DnsClass.IN, (byte)flags, key);
        return key[..length].ToArray();
    }

    [LoggerMessage(EventId = 100, EventName = "UpstreamFailed", Level = LogLevel.Warning, Message = "Upstream {Upstream} did not answer {Name} {Type}: {Error}")]
    private static partial void LogUpstreamFailed(ILogger logger, IPEndPoint upstream, DnsName name, DnsRecordType type, DnsResolutionError error);

    [LoggerMessage(EventId = 101, EventName = "UpstreamRcode", Level = LogLevel.Debug, Message = "Upstream {Upstream} answered {Name} {Type} with {Rcode}; trying another")]
    private static partial void LogUpstreamRcode(ILogger logger, IPEndPoint upstream, DnsName name, DnsRecordType type, DnsResponseCode rcode);
}
