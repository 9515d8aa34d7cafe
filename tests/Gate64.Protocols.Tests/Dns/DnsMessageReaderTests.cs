using System.Buffers.Binary;
using Gate64.Protocols.Dns;
using static Gate64.Protocols.Tests.Dns.DnsTestData;

namespace Gate64.Protocols.Tests.Dns;

public class DnsMessageReaderTests
{
    [Fact]
    public void TryReadQuestion_CapturedQuery_ReadsNameTypeAndClass()
    {
        byte[] query = Hex(CapturedQueryHex);
        DnsMessageReader reader = new(query);
        Assert.Equal(0, reader.Position);
        Assert.Equal(DnsParseError.None, reader.TryReadHeader(out DnsHeader header));
        Assert.Equal(DnsHeader.Size, reader.Position);
        Assert.Equal(new DnsHeader(0x1234, 0x0100, 1, 0, 0, 1), header);

        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        Assert.Equal(DnsParseError.None, reader.TryReadQuestion(name, out int nameLength, out DnsRecordType type, out DnsClass @class));
        Assert.True(name[..nameLength].SequenceEqual(DnsName.Parse("www.example.org").Wire));
        Assert.Equal(DnsRecordType.AAAA, type);
        Assert.Equal(DnsClass.IN, @class);

        Assert.Equal(DnsParseError.None, reader.TryReadRecord(name, out nameLength, out type, out ushort udpSize, out uint ttl, out int ttlOffset, out int rdataOffset, out int rdataLength));
        Assert.Equal(1, nameLength);
        Assert.Equal(DnsRecordType.OPT, type);
        Assert.Equal(1232, udpSize);
        Assert.Equal(0x8000u, ttl);
        Assert.Equal(query.Length - 6, ttlOffset);
        Assert.Equal(query.Length, rdataOffset);
        Assert.Equal(0, rdataLength);
        Assert.Equal(query.Length, reader.Position);
        Assert.True(reader.OptSeen);
    }

    [Fact]
    public void TryReadRecord_CompressedCname_LocatesRawRdataAndTtl()
    {
        byte[] response = Hex(CapturedResponsesHex[0]);
        DnsMessageReader reader = new(response);
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        Assert.Equal(DnsParseError.None, reader.TryReadHeader(out _));
        Assert.Equal(DnsParseError.None, reader.TryReadQuestion(name, out _, out _, out _));
        Assert.Equal(DnsParseError.None, reader.TryReadRecord(name, out int nameLength, out DnsRecordType type, out ushort @class, out uint ttl, out int ttlOffset, out int rdataOffset, out int rdataLength));

        Assert.True(name[..nameLength].SequenceEqual(DnsName.Parse("www.example.org").Wire));
        Assert.Equal(DnsRecordType.CNAME, type);
        Assert.Equal((ushort)DnsClass.IN, @class);
        Assert.Equal(300u, ttl);
        Assert.Equal(300u, BinaryPrimitives.ReadUInt32BigEndian(response.AsSpan(ttlOffset)));

        // Raw RDATA is "web" + pointer to offset 16 (example.org in the question).
        Assert.Equal(6, rdataLength);
        Assert.Equal("03776562c010", Convert.ToHexStringLower(response.AsSpan(rdataOffset, rdataLength)));

        // A cache can patch the TTL in place.
        BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(ttlOffset), 42);
        Assert.Equal(42u, Parse(response).Answers[0].Ttl);
    }

    [Fact]
    public void TrySkipRecord_CapturedResponse_AdvancesToEnd()
    {
        byte[] response = Hex(CapturedResponsesHex[3]);
        DnsMessageReader reader = new(response);
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        Assert.Equal(DnsParseError.None, reader.TryReadHeader(out DnsHeader header));
        Assert.Equal(DnsParseError.None, reader.TryReadQuestion(name, out _, out _, out _));
        for (int i = 0; i < header.AuthorityCount + header.AdditionalCount; i++)
        {
            Assert.Equal(DnsParseError.None, reader.TrySkipRecord());
        }

        Assert.Equal(response.Length, reader.Position);
        Assert.Equal(DnsParseError.Truncated, reader.TrySkipRecord());
        Assert.Equal(response.Length, reader.Position);
    }

    [Fact]
    public void TryReadRecord_Failure_LeavesPositionUnchanged()
    {
        byte[] response = Hex(CapturedResponsesHex[5])[..^3];
        DnsMessageReader reader = new(response);
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        Assert.Equal(DnsParseError.None, reader.TryReadHeader(out _));
        Assert.Equal(DnsParseError.None, reader.TryReadQuestion(name, out _, out _, out _));
        Assert.Equal(DnsParseError.None, reader.TrySkipRecord());
        int position = reader.Position;
        Assert.Equal(DnsParseError.Truncated, reader.TryReadRecord(name, out int nameLength, out _, out _, out _, out _, out _, out _));
        Assert.Equal(0, nameLength);
        Assert.Equal(position, reader.Position);
    }

    [Fact]
    public void TryReadHeader_ShortMessage_ReturnsTruncated()
    {
        DnsMessageReader reader = new(new byte[11]);
        Assert.Equal(DnsParseError.Truncated, reader.TryReadHeader(out _));
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void TryReadQuestion_ThousandReads_AllocatesNothing()
    {
        byte[] query = Hex(CapturedQueryHex);
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        int total = ReadQuery(query, name, 100);

        long before = GC.GetAllocatedBytesForCurrentThread();
        total += ReadQuery(query, name, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1100 * 17, total);
    }

    [Fact]
    public void TryRead_CompressedResponsesThousandTimes_AllocatesNothing()
    {
        byte[] response = Hex(CapturedResponsesHex[3]);
        Span<byte> name = stackalloc byte[DnsName.MaxLength];
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(DnsParseError.None, ReadAll(response));
            Assert.Equal(DnsParseError.None, DnsName.TryRead(response, response.Length - 60, name, out _, out _));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int failures = 0;
        for (int i = 0; i < 1000; i++)
        {
            failures += ReadAll(response) == DnsParseError.None ? 0 : 1;
            failures += DnsName.TryRead(response, 12, name, out _, out _) == DnsParseError.None ? 0 : 1;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    private static int ReadQuery(byte[] query, Span<byte> name, int count)
    {
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            DnsMessageReader reader = new(query);
            if (reader.TryReadHeader(out DnsHeader header) == DnsParseError.None
                && reader.TryReadQuestion(name, out int nameLength, out DnsRecordType type, out _) == DnsParseError.None
                && reader.TrySkipRecord() == DnsParseError.None
                && header.QuestionCount == 1
                && type == DnsRecordType.AAAA)
            {
                total += nameLength;
            }
        }

        return total;
    }
}
