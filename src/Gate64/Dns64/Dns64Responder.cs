using System.Net;
using Gate64.Configuration;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Microsoft.Extensions.Options;

namespace Gate64.Dns64;

/// <summary>
/// Turns one client query into one response, by RFC 6147: AAAA questions whose answer is NODATA
/// are answered with AAAA records synthesized from the name's A records; PTR questions under
/// the prefix's ip6.arpa become CNAMEs into in-addr.arpa; everything else is forwarded.
/// The exclusions can change on reload; an answer uses the options it started with.
/// </summary>
internal sealed class Dns64Responder : IDisposable
{
    /// <summary>RFC 6147 §5.1.7: the TTL of a synthesized record when the AAAA answer had no SOA.</summary>
    public const uint DefaultSynthesisTtl = 600;

    /// <summary>TTL of the synthesized reverse-mapping CNAME.</summary>
    private const uint ReverseCnameTtl = 600;

    /// <summary>TTL of the locally answered ipv4only.arpa records.</summary>
    private const uint Ipv4OnlyTtl = 3600;

    /// <summary>Longest CNAME chain followed; longer chains are answered as the upstream gave them.</summary>
    private const int MaxChainLength = 16;

    private static readonly DnsName s_ipv4OnlyArpa = DnsName.Parse("ipv4only.arpa.");

    /// <summary>RFC 7050 §2.2: the well-known IPv4 addresses of ipv4only.arpa.</summary>
    private static readonly IPAddress[] s_ipv4OnlyAddresses = [IPAddress.Parse("192.0.0.170"), IPAddress.Parse("192.0.0.171")];

    private readonly IDnsResolver _resolver;
    private readonly Dns64Metrics _metrics;
    private readonly IDisposable? _reloads;
    private Dns64Options _options;

    public Dns64Responder(IDnsResolver resolver, IOptionsMonitor<Dns64Options> options, Dns64Metrics metrics)
    {
        _resolver = resolver;
        _options = options.CurrentValue;
        _metrics = metrics;
        _reloads = options.OnChange((next, _) => Volatile.Write(ref _options, next));
    }

    /// <summary>Settings that never change (tests and tools without a host).</summary>
    internal Dns64Responder(IDnsResolver resolver, IOptions<Dns64Options> options, Dns64Metrics metrics)
        : this(resolver, new FixedOptionsMonitor<Dns64Options>(options.Value), metrics)
    {
    }

    public void Dispose() => _reloads?.Dispose();

    public async ValueTask<DnsMessage> AnswerAsync(DnsMessage query, CancellationToken cancellationToken)
    {
        DnsMessage response = query.CreateResponse();
        response.RecursionAvailable = true;
        if (query.Edns is { } edns)
        {
            response.Edns = DnsEdns.Default with { DnssecOk = edns.DnssecOk };
            if (edns.Version != 0)
            {
                return WithCode(response, DnsResponseCode.BadVers);   // RFC 6891 §6.1.3
            }
        }
        if (query.Opcode != DnsOpcode.Query)
        {
            return WithCode(response, DnsResponseCode.NotImp);
        }
        if (query.Questions.Count != 1)
        {
            return WithCode(response, DnsResponseCode.FormErr);
        }
        DnsQuestion question = query.Questions[0];
        if (question.Class != DnsClass.IN)
        {
            return WithCode(response, DnsResponseCode.NotImp);
        }

        DnsQueryFlags flags = (query.Edns?.DnssecOk == true ? DnsQueryFlags.DnssecOk : 0)
            | (query.CheckingDisabled ? DnsQueryFlags.CheckingDisabled : 0);
        bool wantsAuthenticData = query.AuthenticData || flags.HasFlag(DnsQueryFlags.DnssecOk);

        if (question.Name.Equals(s_ipv4OnlyArpa) && question.Type is DnsRecordType.A or DnsRecordType.AAAA)
        {
            return AnswerIpv4OnlyArpa(response, question);
        }
        if (question.Type == DnsRecordType.PTR && ReverseNames.TryParseIp6Arpa(question.Name, out IPAddress? reverse)
            && _options.Prefix.TryExtract(reverse, out IPAddress? ipv4))
        {
            return await AnswerReverseAsync(response, question, ipv4, flags, cancellationToken).ConfigureAwait(false);
        }
        // §5.5: a client that validates itself (DO and CD) must see the real, signed answer.
        bool synthesisAllowed = !(flags.HasFlag(DnsQueryFlags.DnssecOk) && flags.HasFlag(DnsQueryFlags.CheckingDisabled));
        if (question.Type == DnsRecordType.AAAA && synthesisAllowed)
        {
            return await AnswerAaaaAsync(response, question, flags, wantsAuthenticData, cancellationToken).ConfigureAwait(false);
        }

        DnsResolution forwarded = await _resolver.ResolveAsync(question.Name, question.Type, flags, cancellationToken).ConfigureAwait(false);
        return forwarded.Succeeded
            ? CopyAnswer(response, forwarded.Response, wantsAuthenticData, static _ => true)
            : WithCode(response, DnsResponseCode.ServFail);
    }

    private async ValueTask<DnsMessage> AnswerAaaaAsync(DnsMessage response, DnsQuestion question, DnsQueryFlags flags, bool wantsAuthenticData, CancellationToken cancellationToken)
    {
        DnsResolution aaaa = await _resolver.ResolveAsync(question.Name, DnsRecordType.AAAA, flags, cancellationToken).ConfigureAwait(false);
        if (!aaaa.Succeeded)
        {
            return WithCode(response, DnsResponseCode.ServFail);
        }
        DnsMessage aaaaAnswer = aaaa.Response;
        IReadOnlyList<IpPrefix> exclusions = Volatile.Read(ref _options).Exclude;
        Func<DnsResourceRecord, bool> notExcluded = record => !IsExcludedAaaa(exclusions, record);
        // §5.1.2: only NOERROR without (usable) AAAA leads to synthesis; NXDOMAIN and failures pass through.
        if (aaaaAnswer.ResponseCode != DnsResponseCode.NoError || aaaaAnswer.Answers.Exists(record => record.Type == DnsRecordType.AAAA && notExcluded(record)))
        {
            return CopyAnswer(response, aaaaAnswer, wantsAuthenticData, notExcluded);
        }

        DnsName owner = FollowChain(aaaaAnswer.Answers, question.Name, out List<DnsResourceRecord> chain);
        DnsResolution a = await _resolver.ResolveAsync(owner, DnsRecordType.A, flags, cancellationToken).ConfigureAwait(false);
        if (!a.Succeeded || a.Response.ResponseCode != DnsResponseCode.NoError)
        {
            return CopyAnswer(response, aaaaAnswer, wantsAuthenticData, notExcluded);   // §5.1.6
        }
        DnsName terminal = FollowChain(a.Response.Answers, owner, out List<DnsResourceRecord> aChain);
        uint ttlCap = DnsCachePolicy.NegativeTtl(aaaaAnswer) ?? DefaultSynthesisTtl;   // §5.1.7
        List<DnsResourceRecord> synthesized = [];
        Span<byte> ipv6 = stackalloc byte[16];
        foreach (DnsResourceRecord record in a.Response.Answers)
        {
            if (record.Type != DnsRecordType.A || !record.Name.Equals(terminal) || record.Data.Length != 4)
            {
                continue;
            }
            // RFC 6052 §3.1: the Well-Known Prefix must not carry non-global IPv4 addresses.
            if (_options.Prefix.IsWellKnown && !SpecialAddresses.IsGlobalIpv4(record.Data.Span))
            {
                continue;
            }
            _options.Prefix.Embed(record.Data.Span, ipv6);
            synthesized.Add(new DnsResourceRecord(terminal, DnsRecordType.AAAA, DnsClass.IN, Math.Min(record.Ttl, ttlCap), ipv6.ToArray()));
        }
        if (synthesized.Count == 0)
        {
            return CopyAnswer(response, aaaaAnswer, wantsAuthenticData, notExcluded);
        }
        _metrics.Synthesized("aaaa");
        // Synthesized data is never validated data: AD stays clear (§5.5).
        response.ResponseCode = DnsResponseCode.NoError;
        response.Answers.AddRange(chain);
        response.Answers.AddRange(aChain);
        response.Answers.AddRange(synthesized);
        return response;
    }

    private async ValueTask<DnsMessage> AnswerReverseAsync(DnsMessage response, DnsQuestion question, IPAddress ipv4, DnsQueryFlags flags, CancellationToken cancellationToken)
    {
        // §5.3.1: answer with a CNAME into in-addr.arpa, and follow it for the client.
        DnsName target = ReverseNames.InAddrArpa(ipv4);
        response.Answers.Add(new DnsResourceRecord(question.Name, DnsRecordType.CNAME, DnsClass.IN, ReverseCnameTtl, DnsRdata.FromName(target)));
        _metrics.Synthesized("ptr");
        DnsResolution ptr = await _resolver.ResolveAsync(target, DnsRecordType.PTR, flags, cancellationToken).ConfigureAwait(false);
        if (ptr.Succeeded)
        {
            response.ResponseCode = ptr.Response.ResponseCode;
            response.Answers.AddRange(ptr.Response.Answers);
            response.Authorities.AddRange(ptr.Response.Authorities);
        }
        return response;
    }

    private DnsMessage AnswerIpv4OnlyArpa(DnsMessage response, DnsQuestion question)
    {
        Span<byte> ipv6 = stackalloc byte[16];
        foreach (IPAddress ipv4 in s_ipv4OnlyAddresses)
        {
            ReadOnlyMemory<byte> data = DnsRdata.FromAddress(ipv4);
            if (question.Type == DnsRecordType.AAAA)
            {
                _options.Prefix.Embed(data.Span, ipv6);
                data = ipv6.ToArray();
            }
            response.Answers.Add(new DnsResourceRecord(question.Name, question.Type, DnsClass.IN, Ipv4OnlyTtl, data));
        }
        return response;
    }

    /// <summary>The name at the end of the CNAME chain that starts at <paramref name="start"/>, and the chain's records.</summary>
    private static DnsName FollowChain(List<DnsResourceRecord> answers, DnsName start, out List<DnsResourceRecord> chain)
    {
        chain = [];
        DnsName current = start;
        for (int step = 0; step < MaxChainLength; step++)
        {
            DnsResourceRecord? cname = answers.Find(record => record.Type == DnsRecordType.CNAME && record.Name.Equals(current));
            if (cname is null || !DnsRdata.TryGetName(cname, out DnsName? next))
            {
                break;
            }
            chain.Add(cname);
            current = next;
        }
        return current;
    }

    private static bool IsExcludedAaaa(IReadOnlyList<IpPrefix> exclusions, DnsResourceRecord record)
    {
        if (record.Type != DnsRecordType.AAAA || record.Data.Length != 16)
        {
            return false;
        }
        foreach (IpPrefix excluded in exclusions)
        {
            if (excluded.Contains(record.Data.Span))
            {
                return true;
            }
        }
        return false;
    }

    private static DnsMessage CopyAnswer(DnsMessage response, DnsMessage upstream, bool wantsAuthenticData, Func<DnsResourceRecord, bool> keep)
    {
        response.ResponseCode = upstream.ResponseCode;
        response.AuthenticData = wantsAuthenticData && upstream.AuthenticData;
        response.Answers.AddRange(upstream.Answers.Where(keep));
        response.Authorities.AddRange(upstream.Authorities);
        response.Additionals.AddRange(upstream.Additionals);
        return response;
    }

    private static DnsMessage WithCode(DnsMessage response, DnsResponseCode code)
    {
        response.ResponseCode = code;
        return response;
    }
}
