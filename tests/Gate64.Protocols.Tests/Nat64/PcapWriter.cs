using System.Buffers.Binary;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>A minimal libpcap file writer (LINKTYPE_RAW: each record is a bare IPv4 or IPv6 packet) so tcpdump or tshark can check test packets.</summary>
internal sealed class PcapWriter
{
    private const uint Magic = 0xA1B2C3D4;
    private const uint LinkTypeRaw = 101;

    private readonly MemoryStream _stream = new();
    private uint _seconds = 1_700_000_000;

    public PcapWriter()
    {
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRaw);
        _stream.Write(header);
    }

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<byte> packet)
    {
        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record, _seconds++);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.Length);
        _stream.Write(record);
        _stream.Write(packet);
        Count++;
    }

    public byte[] ToArray() => _stream.ToArray();
}
