using System.Buffers.Binary;
using System.Net;

namespace Gate64.Tests.Nat64;

/// <summary>
/// (A copy of Gate64.Protocols.Tests' TestPackets, which that project keeps internal.)
/// Builds packets byte by byte for tests, with its own naive RFC 1071 checksum (one 16-bit word at a time), so
/// expected bytes never depend on the code under test.
/// </summary>
internal static class Nat64TestPackets
{
    public const byte ProtoIcmp = 1;
    public const byte ProtoTcp = 6;
    public const byte ProtoUdp = 17;
    public const byte ProtoIcmpV6 = 58;

    public static byte[] Address(string text) => IPAddress.Parse(text).GetAddressBytes();

    /// <summary>The textbook checksum: sum big-endian words one by one, fold, complement.</summary>
    public static ushort ReferenceChecksum(params byte[][] pieces)
    {
        byte[] data = Concat(pieces);
        ulong sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            int word = data[i] << 8;
            if (i + 1 < data.Length)
            {
                word |= data[i + 1];
            }
            sum += (ulong)word;
        }
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    public static byte[] PseudoHeader(byte[] source, byte[] destination, byte protocol, int length)
    {
        if (source.Length == 4)
        {
            return Concat(source, destination, [0, protocol, (byte)(length >> 8), (byte)length]);
        }
        return Concat(source, destination, [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0, 0, 0, protocol]);
    }

    public static byte[] Ipv4(string source, string destination, byte protocol, byte[] payload, byte ttl = 64, byte tos = 0,
        ushort identification = 0x1234, bool dontFragment = false, bool moreFragments = false, int fragmentOffset = 0, byte[]? options = null, int? totalLength = null)
    {
        options ??= [];
        int headerLength = 20 + options.Length;
        byte[] header = new byte[headerLength];
        header[0] = (byte)(0x40 | (headerLength / 4));
        header[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(totalLength ?? headerLength + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), identification);
        int flags = (dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | (fragmentOffset / 8);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)flags);
        header[8] = ttl;
        header[9] = protocol;
        Address(source).CopyTo(header, 12);
        Address(destination).CopyTo(header, 16);
        options.CopyTo(header, 20);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), ReferenceChecksum(header));
        return Concat(header, payload);
    }

    /// <summary>An IPv6 packet; <paramref name="payload"/> includes any extension headers, which <paramref name="nextHeader"/> names.</summary>
    public static byte[] Ipv6(string source, string destination, byte nextHeader, byte[] payload, byte hopLimit = 64, byte trafficClass = 0, int flowLabel = 0, int? payloadLength = null)
    {
        byte[] header = new byte[40];
        BinaryPrimitives.WriteUInt32BigEndian(header, (6u << 28) | ((uint)trafficClass << 20) | (uint)flowLabel);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)(payloadLength ?? payload.Length));
        header[6] = nextHeader;
        header[7] = hopLimit;
        Address(source).CopyTo(header, 8);
        Address(destination).CopyTo(header, 24);
        return Concat(header, payload);
    }

    /// <summary>A UDP datagram with its checksum over the pseudo-header of <paramref name="source"/> and <paramref name="destination"/>.</summary>
    public static byte[] Udp(string source, string destination, ushort sourcePort, ushort destinationPort, byte[] data, bool omitChecksum = false)
    {
        byte[] segment = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)segment.Length);
        data.CopyTo(segment, 8);
        if (!omitChecksum)
        {
            ushort checksum = ReferenceChecksum(PseudoHeader(Address(source), Address(destination), ProtoUdp, segment.Length), segment);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(6), checksum == 0 ? (ushort)0xFFFF : checksum);
        }
        return segment;
    }

    public static byte[] Tcp(string source, string destination, ushort sourcePort, ushort destinationPort, byte[] data, byte flags = 0x18, byte[]? options = null)
    {
        options ??= [];
        int headerLength = 20 + options.Length;
        byte[] segment = new byte[headerLength + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), 0x01020304);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(8), 0x0A0B0C0D);
        segment[12] = (byte)((headerLength / 4) << 4);
        segment[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), 64240);
        options.CopyTo(segment, 20);
        data.CopyTo(segment, headerLength);
        ushort checksum = ReferenceChecksum(PseudoHeader(Address(source), Address(destination), ProtoTcp, segment.Length), segment);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(16), checksum);
        return segment;
    }

    public static byte[] IcmpV4(byte type, byte code, uint restOfHeader, byte[] body)
    {
        byte[] message = new byte[8 + body.Length];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), restOfHeader);
        body.CopyTo(message, 8);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), ReferenceChecksum(message));
        return message;
    }

    public static byte[] IcmpV6(string source, string destination, byte type, byte code, uint restOfHeader, byte[] body)
    {
        byte[] message = new byte[8 + body.Length];
        message[0] = type;
        message[1] = code;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), restOfHeader);
        body.CopyTo(message, 8);
        ushort checksum = ReferenceChecksum(PseudoHeader(Address(source), Address(destination), ProtoIcmpV6, message.Length), message);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), checksum);
        return message;
    }

    public static byte[] FragmentHeader(byte nextHeader, int offset, bool more, uint identification)
    {
        byte[] header = new byte[8];
        header[0] = nextHeader;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(offset | (more ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), identification);
        return header;
    }

    /// <summary>A Hop-by-Hop or Destination Options header of 8 × (1 + <paramref name="extraUnits"/>) bytes, filled with PadN.</summary>
    public static byte[] OptionsHeader(byte nextHeader, int extraUnits = 0)
    {
        byte[] header = new byte[8 * (1 + extraUnits)];
        header[0] = nextHeader;
        header[1] = (byte)extraUnits;
        header[2] = 1;                          // PadN
        header[3] = (byte)(header.Length - 4);
        return header;
    }

    /// <summary>A type 0-style Routing header carrying one address (by default ::).</summary>
    public static byte[] RoutingHeader(byte nextHeader, byte segmentsLeft, string address = "::")
    {
        byte[] header = new byte[24];
        header[0] = nextHeader;
        header[1] = 2;
        header[2] = 0;
        header[3] = segmentsLeft;
        Address(address).CopyTo(header, 8);
        return header;
    }

    /// <summary>An RFC 4884 extension structure (version 2) with one MPLS label stack object and a valid checksum.</summary>
    public static byte[] Rfc4884Extension()
    {
        byte[] extension = [0x20, 0x00, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x41, 0x40];
        BinaryPrimitives.WriteUInt16BigEndian(extension.AsSpan(2), ReferenceChecksum(extension));
        return extension;
    }

    public static byte[] Data(int length, int seed = 1)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static byte[] Concat(params byte[][] pieces)
    {
        byte[] result = new byte[pieces.Sum(p => p.Length)];
        int offset = 0;
        foreach (byte[] piece in pieces)
        {
            piece.CopyTo(result, offset);
            offset += piece.Length;
        }
        return result;
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Asserts every checksum of an IPv4 or IPv6 packet by recomputing it from scratch with the reference sum.</summary>
    public static void AssertChecksums(ReadOnlySpan<byte> packetSpan)
    {
        byte[] packet = packetSpan.ToArray();
        byte[] source;
        byte[] destination;
        byte protocol;
        byte[] upper;
        bool fragmented;
        if (packet[0] >> 4 == 4)
        {
            int headerLength = (packet[0] & 0xF) * 4;
            Assert.True(ReferenceChecksum(packet[..headerLength]) == 0, "IPv4 header checksum");
            Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)), packet.Length);
            source = packet[12..16];
            destination = packet[16..20];
            protocol = packet[9];
            upper = packet[headerLength..];
            fragmented = (BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(6)) & 0x3FFF) != 0;
        }
        else
        {
            Assert.Equal(6, packet[0] >> 4);
            Assert.Equal(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) + 40, packet.Length);
            source = packet[8..24];
            destination = packet[24..40];
            protocol = packet[6];
            int offset = 40;
            fragmented = false;
            while (protocol is 0 or 43 or 60 or 44)
            {
                if (protocol == 44)
                {
                    fragmented |= (BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(offset + 2)) & 0xFFF9) != 0;
                    protocol = packet[offset];
                    offset += 8;
                }
                else
                {
                    protocol = packet[offset];
                    offset += (packet[offset + 1] + 1) * 8;
                }
            }
            upper = packet[offset..];
        }
        if (fragmented)
        {
            return;   // the transport checksum covers the reassembled packet
        }
        switch (protocol)
        {
            case ProtoUdp when source.Length == 4 && BinaryPrimitives.ReadUInt16BigEndian(upper.AsSpan(6)) == 0:
                break;
            case ProtoUdp or ProtoTcp or ProtoIcmpV6:
                Assert.True(ReferenceChecksum(PseudoHeader(source, destination, protocol, upper.Length), upper) == 0, $"protocol {protocol} checksum");
                break;
            case ProtoIcmp:
                Assert.True(ReferenceChecksum(upper) == 0, "ICMPv4 checksum");
                break;
        }
    }
}
