using System.Buffers.Binary;
using System.Text;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>
/// Seeded junk for a DNS server's UDP port: random bytes, truncated queries, compression loops,
/// oversized section counts, over-long names, mutated queries and unsolicited responses. Built by
/// hand so that the tests do not rely on the codec under test.
/// </summary>
internal static class MalformedDatagrams
{
    private const int Kinds = 8;

    public static IEnumerable<byte[]> Generate(int count, int seed)
    {
        Random random = new(seed);
        for (int i = 0; i < count; i++)
        {
            yield return (i % Kinds) switch
            {
                0 => RandomBytes(random),
                1 => Truncated(random),
                2 => CompressionLoop(random),
                3 => OversizedCounts(random),
                4 => OverlongName(random),
                5 => Mutated(random),
                6 => ForwardPointer(random),
                _ => UnsolicitedResponse(random),
            };
        }
    }

    /// <summary>A well-formed query: header (RD set), one question of class IN.</summary>
    public static byte[] Query(ushort id, string name, ushort type)
    {
        List<byte> bytes = [.. Header(id, flags: 0x0100, questions: 1, answers: 0)];
        foreach (string label in name.TrimEnd('.').Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        bytes.AddRange(UInt16(type));
        bytes.AddRange(UInt16(1));
        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 600)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncated(Random random)
    {
        byte[] query = Query(NextId(random), "v4only.test", 28);
        return query[..random.Next(0, query.Length)];
    }

    /// <summary>A question name that is a pointer to itself (offset 12).</summary>
    private static byte[] CompressionLoop(Random random) =>
        [.. Header(NextId(random), 0x0100, 1, 0), 0xC0, 0x0C, 0x00, 0x1C, 0x00, 0x01];

    /// <summary>A pointer past the end of the message.</summary>
    private static byte[] ForwardPointer(Random random) =>
        [.. Header(NextId(random), 0x0100, 1, 0), 0x01, (byte)'a', 0xC3, 0xFF, 0x00, 0x1C, 0x00, 0x01];

    /// <summary>One question but every count says 65535.</summary>
    private static byte[] OversizedCounts(Random random)
    {
        byte[] query = Query(NextId(random), "v4only.test", 28);
        for (int offset = 4; offset < 12; offset += 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(offset), 0xFFFF);
        }

        return query;
    }

    /// <summary>A name of five 63-byte labels (over the 255-byte limit), or a label length of 64+.</summary>
    private static byte[] OverlongName(Random random)
    {
        List<byte> bytes = [.. Header(NextId(random), 0x0100, 1, 0)];
        if (random.Next(2) == 0)
        {
            for (int label = 0; label < 5; label++)
            {
                bytes.Add(63);
                bytes.AddRange(Enumerable.Repeat((byte)'x', 63));
            }
        }
        else
        {
            bytes.Add((byte)random.Next(64, 192));
            bytes.AddRange(Enumerable.Repeat((byte)'y', 20));
        }

        bytes.Add(0);
        bytes.AddRange(UInt16(28));
        bytes.AddRange(UInt16(1));
        return [.. bytes];
    }

    /// <summary>A query with a few random bytes overwritten.</summary>
    private static byte[] Mutated(Random random)
    {
        byte[] query = Query(NextId(random), "mutated.test", 28);
        int flips = random.Next(1, 4);
        for (int i = 0; i < flips; i++)
        {
            query[random.Next(query.Length)] = (byte)random.Next(256);
        }

        return query;
    }

    /// <summary>QR set, as if answering a query we never sent (must not be answered: no reflection loops).</summary>
    private static byte[] UnsolicitedResponse(Random random)
    {
        byte[] query = Query(NextId(random), "v4only.test", 28);
        BinaryPrimitives.WriteUInt16BigEndian(query.AsSpan(2), 0x8180);
        return query;
    }

    private static ushort NextId(Random random) => (ushort)random.Next(ushort.MaxValue + 1);

    private static byte[] Header(ushort id, ushort flags, ushort questions, ushort answers)
    {
        byte[] header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(0), id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), flags);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), questions);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), answers);
        return header;
    }

    private static byte[] UInt16(ushort value) => [(byte)(value >> 8), (byte)value];
}
