using Gate64.Protocols.Dns;

namespace Gate64.Resolver;

/// <summary>How long an upstream answer may be cached (RFC 1035 §3.2.1, RFC 2308 §5).</summary>
internal static class DnsCachePolicy
{
    /// <summary>The time to keep <paramref name="response"/>; zero means "do not cache".</summary>
    public static TimeSpan TimeToLive(DnsMessage response, TimeSpan maxTtl, TimeSpan maxNegativeTtl)
    {
        if (response.Truncated)
        {
            return TimeSpan.Zero;
        }
        bool nxDomain = response.ResponseCode == DnsResponseCode.NXDomain;
        if (response.ResponseCode != DnsResponseCode.NoError && !nxDomain)
        {
            return TimeSpan.Zero;   // failures are retried, not remembered
        }
        if (!nxDomain && response.Answers.Count > 0)
        {
            uint minimum = uint.MaxValue;
            foreach (DnsResourceRecord record in response.Answers)
            {
                minimum = Math.Min(minimum, record.Ttl);
            }
            return Clamp(minimum, maxTtl);
        }
        // NXDOMAIN or NODATA: negative caching needs the SOA; without one it is not cached (RFC 2308 §5).
        return NegativeTtl(response) is uint negative ? Clamp(negative, maxNegativeTtl) : TimeSpan.Zero;
    }

    /// <summary>RFC 2308 §5: the smaller of the SOA record's TTL and its MINIMUM field; null without an SOA.</summary>
    public static uint? NegativeTtl(DnsMessage response)
    {
        foreach (DnsResourceRecord record in response.Authorities)
        {
            if (record.Type == DnsRecordType.SOA && DnsRdata.TryGetSoa(record, out DnsSoa soa))
            {
                return Math.Min(record.Ttl, soa.Minimum);
            }
        }
        return null;
    }

    private static TimeSpan Clamp(uint seconds, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds));
}
