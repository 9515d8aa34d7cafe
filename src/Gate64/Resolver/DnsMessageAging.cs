using Gate64.Protocols.Dns;

namespace Gate64.Resolver;

/// <summary>Makes a cached answer tell the truth about its remaining lifetime.</summary>
internal static class DnsMessageAging
{
    /// <summary>A copy with every TTL reduced by <paramref name="age"/> (never below zero); the same message when under a second old.</summary>
    public static DnsMessage Aged(DnsMessage message, TimeSpan age)
    {
        uint elapsed = (uint)Math.Min(age.TotalSeconds, uint.MaxValue);
        if (elapsed == 0)
        {
            return message;
        }
        DnsMessage copy = new()
        {
            Id = message.Id,
            IsResponse = message.IsResponse,
            Opcode = message.Opcode,
            Authoritative = message.Authoritative,
            Truncated = message.Truncated,
            RecursionDesired = message.RecursionDesired,
            RecursionAvailable = message.RecursionAvailable,
            AuthenticData = message.AuthenticData,
            CheckingDisabled = message.CheckingDisabled,
            ResponseCode = message.ResponseCode,
            Edns = message.Edns,
        };
        copy.Questions.AddRange(message.Questions);
        AddAged(copy.Answers, message.Answers, elapsed);
        AddAged(copy.Authorities, message.Authorities, elapsed);
        AddAged(copy.Additionals, message.Additionals, elapsed);
        return copy;
    }

    private static void AddAged(List<DnsResourceRecord> destination, List<DnsResourceRecord> source, uint elapsed)
    {
        foreach (DnsResourceRecord record in source)
        {
            destination.Add(record.WithTtl(record.Ttl > elapsed ? record.Ttl - elapsed : 0));
        }
    }
}
