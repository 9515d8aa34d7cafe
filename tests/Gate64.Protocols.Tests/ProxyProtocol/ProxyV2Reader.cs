using System.Buffers.Binary;
using System.Net;

namespace Gate64.Protocols.Tests.ProxyProtocol;

/// <summary>
/// An independent receiver for version 2 headers written from proxy-protocol.txt §2.2, used to read the writer's output
/// back. It asserts every receiver-side rule of the spec instead of returning errors.
/// </summary>
internal static class ProxyV2Reader
{
    public static ReadOnlySpan<byte> Signature => "\r\n\r\n\0\r\nQUIT\n"u8;

    public static ProxyV2Header Read(ReadOnlySpan<byte> data)
    {
        // "the 13 first bytes match the protocol signature block followed by the protocol version 2"
        Assert.True(data.Length >= 16, "a v2 header is at least 16 bytes");
        Assert.True(data[..12].SequenceEqual(Signature), "signature");
        Assert.Equal(0x2, data[12] >> 4);
        int command = data[12] & 0x0F;
        Assert.True(command is 0x0 or 0x1, "command must be LOCAL or PROXY");

        // "In practice, the following protocol bytes are expected": 0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32.
        int familyAndProtocol = data[13];
        Assert.Contains(familyAndProtocol, new[] { 0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32 });

        // "the length of the protocol header in bytes is always exactly 16 + this value"
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[14..]);
        Assert.True(data.Length >= 16 + length, "the announced length overruns the data");
        ReadOnlySpan<byte> rest = data.Slice(16, length);

        IPEndPoint? source = null;
        IPEndPoint? destination = null;
        int addressSize = (familyAndProtocol >> 4) switch { 0x1 => 4, 0x2 => 16, _ => 0 };
        if (addressSize > 0)
        {
            int blockSize = (2 * addressSize) + 4;
            Assert.True(rest.Length >= blockSize, "address block");
            IPAddress sourceAddress = new(rest[..addressSize]);
            IPAddress destinationAddress = new(rest.Slice(addressSize, addressSize));
            int sourcePort = BinaryPrimitives.ReadUInt16BigEndian(rest[(2 * addressSize)..]);
            int destinationPort = BinaryPrimitives.ReadUInt16BigEndian(rest[((2 * addressSize) + 2)..]);
            source = new IPEndPoint(sourceAddress, sourcePort);
            destination = new IPEndPoint(destinationAddress, destinationPort);
            rest = rest[blockSize..];
        }

        // TLVs: type (1), length (2, big-endian), value; they must tile the rest of the header exactly.
        List<(byte Type, byte[] Value)> tlvs = [];
        while (!rest.IsEmpty)
        {
            Assert.True(rest.Length >= 3, "TLV header");
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(rest[1..]);
            Assert.True(rest.Length >= 3 + valueLength, "TLV value overruns the header");
            tlvs.Add((rest[0], rest.Slice(3, valueLength).ToArray()));
            rest = rest[(3 + valueLength)..];
        }

        return new ProxyV2Header(command, familyAndProtocol, source, destination, tlvs, 16 + length);
    }
}
