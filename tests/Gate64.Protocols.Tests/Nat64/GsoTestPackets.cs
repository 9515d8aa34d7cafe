using System.Buffers.Binary;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Tests.Ip;
using static Gate64.Protocols.Tests.Ip.TestPackets;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>
/// GSO super-packets as a TUN with offloads hands them out (a partial transport checksum: the pseudo-header sum over
/// the whole super-packet's transport length, uncomplemented), and a model of what the kernel does with one it is
/// given: cut it into segments of gso_size payload bytes, fix each segment's lengths (and TCP sequence numbers and
/// flags, IPv4 IDs), move the partial sum to the segment's length, complete it. Built with the naive reference
/// checksum of <see cref="TestPackets"/>, never with the code under test.
/// </summary>
internal static class GsoTestPackets
{
    /// <summary>A TCP super-packet (flags ACK|PSH) with its virtio header.</summary>
    public static (byte[] Packet, VirtioNetHeader Offload) Tcp(string source, string destination, ushort sourcePort, ushort destinationPort,
        int payloadLength, ushort gsoSize, byte[]? options = null, byte ttl = 64, bool dontFragment = true, bool ecn = false)
    {
        byte[] data = Data(payloadLength, 7);
        byte[] segment = TestPackets.Tcp(source, destination, sourcePort, destinationPort, data, flags: 0x18, options: options);
        bool v4 = source.Contains('.', StringComparison.Ordinal);
        SetPartial(segment, 16, source, destination, ProtoTcp);
        byte[] packet = v4
            ? Ipv4(source, destination, ProtoTcp, segment, ttl: ttl, dontFragment: dontFragment)
            : Ipv6(source, destination, ProtoTcp, segment, hopLimit: ttl);
        int ipHeader = v4 ? 20 : 40;
        int headerLength = ipHeader + 20 + (options?.Length ?? 0);
        VirtioGsoType type = (v4 ? VirtioGsoType.TcpV4 : VirtioGsoType.TcpV6) | (ecn ? VirtioGsoType.Ecn : 0);
        return (packet, new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, type, (ushort)headerLength, gsoSize, (ushort)ipHeader, 16));
    }

    /// <summary>A UDP super-packet (USO: every segment is a datagram of gso_size bytes) with its virtio header.</summary>
    public static (byte[] Packet, VirtioNetHeader Offload) Udp(string source, string destination, ushort sourcePort, ushort destinationPort, int payloadLength, ushort gsoSize)
    {
        byte[] segment = TestPackets.Udp(source, destination, sourcePort, destinationPort, Data(payloadLength, 3));
        bool v4 = source.Contains('.', StringComparison.Ordinal);
        SetPartial(segment, 6, source, destination, ProtoUdp);
        byte[] packet = v4 ? Ipv4(source, destination, ProtoUdp, segment, dontFragment: true) : Ipv6(source, destination, ProtoUdp, segment);
        int ipHeader = v4 ? 20 : 40;
        return (packet, new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.UdpL4, (ushort)(ipHeader + 8), gsoSize, (ushort)ipHeader, 6));
    }

    /// <summary>Puts the partial sum (pseudo-header only, uncomplemented) into a transport segment's checksum field.</summary>
    public static void SetPartial(byte[] segment, int checksumOffset, string source, string destination, byte protocol)
    {
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(checksumOffset), (ushort)~ReferenceChecksum(PseudoHeader(Address(source), Address(destination), protocol, segment.Length)));
    }

    /// <summary>
    /// The packets the kernel sends for a super-packet (<paramref name="offload"/> as written to the TUN): the
    /// payload cut at gso_size; per segment the IP length fields, the IPv4 ID (+1 each) and header checksum, TCP
    /// sequence numbers, FIN/PSH on the last segment only and CWR on the first only, the UDP length; the partial
    /// checksum moved from the super-packet's transport length to the segment's and completed.
    /// </summary>
    public static List<byte[]> Segment(byte[] packet, VirtioNetHeader offload)
    {
        bool v4 = packet[0] >> 4 == 4;
        int l4 = offload.ChecksumStart;
        bool tcp = offload.GsoKind is VirtioGsoType.TcpV4 or VirtioGsoType.TcpV6;
        int transportHeader = tcp ? (packet[l4 + 12] >> 4) * 4 : 8;
        int headers = l4 + transportHeader;
        Assert.Equal(headers, offload.HeaderLength);
        int payload = packet.Length - headers;
        int superLength = packet.Length - l4;
        ushort partial = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(l4 + offload.ChecksumOffset));
        List<byte[]> segments = [];
        for (int offset = 0, k = 0; offset < payload; offset += offload.GsoSize, k++)
        {
            int size = Math.Min(offload.GsoSize, payload - offset);
            bool last = offset + size == payload;
            byte[] segment = new byte[headers + size];
            packet.AsSpan(0, headers).CopyTo(segment);
            packet.AsSpan(headers + offset, size).CopyTo(segment.AsSpan(headers));
            if (v4)
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)segment.Length);
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) + k));
                segment[10] = 0;
                segment[11] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(10), ReferenceChecksum(segment[..l4]));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)(segment.Length - 40));
            }
            if (tcp)
            {
                uint sequence = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(l4 + 4));
                BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(l4 + 4), sequence + (uint)offset);
                byte flags = packet[l4 + 13];
                if (!last)
                {
                    flags &= 0xF6;   // FIN and PSH stay on the last segment
                }
                if (k > 0)
                {
                    flags &= 0x7F;   // CWR on the first only
                }
                segment[l4 + 13] = flags;
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(l4 + 4), (ushort)(segment.Length - l4));
            }
            // The partial sum covered the super-packet's transport length; the segment's replaces it (one's complement).
            int segmentLength = segment.Length - l4;
            ulong sum = (ulong)partial + (ushort)~(ushort)superLength + (ushort)segmentLength;
            ushort moved = Fold(sum);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(l4 + offload.ChecksumOffset), moved);
            ushort complete = ReferenceChecksum(segment[l4..]);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(l4 + offload.ChecksumOffset), complete == 0 && !tcp ? (ushort)0xFFFF : complete);
            segments.Add(segment);
        }
        return segments;
    }

    /// <summary>The checksum a segment must carry, computed from scratch: pseudo-header and segment with a zero field.</summary>
    public static ushort ExpectedChecksum(byte[] segment, int transportOffset, int checksumOffset, byte protocol)
    {
        bool v4 = segment[0] >> 4 == 4;
        byte[] source = v4 ? segment[12..16] : segment[8..24];
        byte[] destination = v4 ? segment[16..20] : segment[24..40];
        byte[] transport = segment[transportOffset..];
        transport[checksumOffset] = 0;
        transport[checksumOffset + 1] = 0;
        ushort checksum = ReferenceChecksum(PseudoHeader(source, destination, protocol, transport.Length), transport);
        return checksum == 0 && protocol == ProtoUdp ? (ushort)0xFFFF : checksum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)sum;
    }
}
