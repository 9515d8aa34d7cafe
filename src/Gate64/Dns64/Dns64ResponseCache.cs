using System.Buffers.Binary;
using Gate64.Protocols.Dns;
using Gate64.Resolver;

namespace Gate64.Dns64;

/// <summary>
/// Ready-to-send answers in wire form. A hit is a copy with the client's ID, question bytes
/// (so its letter case comes back as sent) and RD bit patched in, and every TTL reduced by
/// the answer's age: no parsing, no allocation.
/// </summary>
internal sealed class Dns64ResponseCache
{
    private readonly TtlCache<CachedAnswer> _cache;
    private readonly TimeSpan _maxTtl = TimeSpan.FromDays(1);
    private readonly TimeSpan _maxNegativeTtl = TimeSpan.FromHours(1);

    public Dns64ResponseCache(long capacityBytes, TimeProvider time)
    {
        _cache = new TtlCache<CachedAnswer>(capacityBytes, time);
    }

    public int Count => _cache.Count;

    public long SizeBytes => _cache.SizeBytes;

    /// <summary>Forgets every answer (a reload changed how answers are made).</summary>
    public void Clear() => _cache.Clear();

    /// <summary>Writes the cached answer to <paramref name="request"/> into <paramref name="destination"/>.</summary>
    public bool TryWrite(ReadOnlySpan<byte> key, ReadOnlySpan<byte> request, in Dns64Query query, Span<byte> destination, out int written)
    {
        written = 0;
        if (!_cache.TryGet(key, out CachedAnswer answer, out TimeSpan age)
            || answer.QuestionEnd != query.QuestionEnd
            || answer.Wire.Length > destination.Length)
        {
            return false;
        }
        answer.Wire.CopyTo(destination);
        request[..2].CopyTo(destination);                                                   // ID
        destination[2] = (byte)((destination[2] & 0xFE) | (request[2] & 0x01));          // RD
        request[DnsHeader.Size..query.QuestionEnd].CopyTo(destination[DnsHeader.Size..]); // question as asked
        uint elapsed = (uint)Math.Min(age.TotalSeconds, uint.MaxValue);
        if (elapsed > 0)
        {
            foreach (int offset in answer.TtlOffsets)
            {
                Span<byte> ttlBytes = destination.Slice(offset, 4);
                uint ttl = BinaryPrimitives.ReadUInt32BigEndian(ttlBytes);
                BinaryPrimitives.WriteUInt32BigEndian(ttlBytes, ttl > elapsed ? ttl - elapsed : 0);
            }
        }
        written = answer.Wire.Length;
        return true;
    }

    /// <summary>Keeps an encoded answer for as long as its records allow.</summary>
    public void Add(ReadOnlySpan<byte> key, DnsMessage response, ReadOnlySpan<byte> wire, int questionEnd)
    {
        TimeSpan ttl = DnsCachePolicy.TimeToLive(response, _maxTtl, _maxNegativeTtl);
        if (ttl <= TimeSpan.Zero || !TryFindTtlOffsets(wire, out int[] offsets))
        {
            return;
        }
        _cache.Set(key, new CachedAnswer(wire.ToArray(), offsets, questionEnd), ttl, wire.Length + (offsets.Length * sizeof(int)) + 64);
    }

    /// <summary>Where the TTL of every record (but OPT, whose TTL field holds flags) sits in <paramref name="wire"/>.</summary>
    private static bool TryFindTtlOffsets(ReadOnlySpan<byte> wire, out int[] offsets)
    {
        offsets = [];
        DnsMessageReader reader = new(wire);
        if (reader.TryReadHeader(out DnsHeader header) != DnsParseError.None)
        {
            return false;
        }
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < header.QuestionCount; i++)
        {
            if (reader.TryReadQuestion(name, out _, out _, out _) != DnsParseError.None)
            {
                return false;
            }
        }
        List<int> found = [];
        int records = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        for (int i = 0; i < records; i++)
        {
            if (reader.TryReadRecord(name, out _, out DnsRecordType type, out _, out _, out int ttlOffset, out _, out _) != DnsParseError.None)
            {
                return false;
            }
            if (type != DnsRecordType.OPT)
            {
                found.Add(ttlOffset);
            }
        }
        offsets = [.. found];
        return true;
    }

    private sealed record CachedAnswer(byte[] Wire, int[] TtlOffsets, int QuestionEnd);
}
