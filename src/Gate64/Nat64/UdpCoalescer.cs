using System.Buffers.Binary;
using Gate64.Platform;
using Gate64.Protocols.Ip;

namespace Gate64.Nat64;

/// <summary>
/// GRO on the write side for UDP: consecutive translated datagrams of one flow (same addresses, ports, family, IP
/// header fields, direction) are joined into one UDP_L4 super-packet, written to the TUN in one syscall and segmented
/// by the kernel, so the TUN write and the kernel's routing and forwarding are paid once per batch instead of once per
/// datagram. Only what the worker already read is joined, never waited for. As in Linux UDP GRO every datagram but
/// the last has the same size, at most <see cref="MaxSegments"/> of them and 64 KiB in all; the batch carries a
/// partial checksum, so only datagrams whose own checksum verifies are joined (a damaged one must not get a fresh,
/// valid checksum). One thread, one batch at a time; the buffer is allocated once.
/// </summary>
internal sealed class UdpCoalescer
{
    /// <summary>UDP_MAX_SEGMENTS: the kernel refuses a UDP super-packet of more segments.</summary>
    public const int MaxSegments = 64;

    private const int Ipv4HeaderSize = Ipv4Header.MinimumLength;
    private const int Ipv6HeaderSize = Ipv6Header.Size;

    private readonly byte[] _frame;
    private int _length;
    private int _count;
    private int _segmentSize;
    private int _lastSize;
    private int _ipHeaderLength;
    private Nat64Direction _direction;

    public UdpCoalescer()
    {
        _frame = GC.AllocateUninitializedArray<byte>(VirtioNetHeader.Size + ushort.MaxValue + Ipv6HeaderSize, pinned: true);
    }

    /// <summary>Datagrams waiting in the batch.</summary>
    public int Count => _count;

    /// <summary>
    /// Adds a translated IPv4 or IPv6 UDP datagram (no options or extension headers) to the batch; false when it is
    /// not such a datagram or cannot join this batch (then flush, and add again or write it alone).
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> packet, Nat64Direction direction)
    {
        if (!IsJoinable(packet, out int ipHeaderLength, out int payload))
        {
            return false;
        }
        Span<byte> batch = _frame.AsSpan(VirtioNetHeader.Size);
        if (_count == 0)
        {
            packet.CopyTo(batch);
            _length = packet.Length;
            _count = 1;
            _segmentSize = payload;
            _lastSize = payload;
            _ipHeaderLength = ipHeaderLength;
            _direction = direction;
            return true;
        }
        int headers = ipHeaderLength + UdpHeader.Size;
        if (direction != _direction || ipHeaderLength != _ipHeaderLength || _count >= MaxSegments
            || _lastSize != _segmentSize || payload > _segmentSize
            || _length + payload - (ipHeaderLength == Ipv6HeaderSize ? Ipv6HeaderSize : 0) > ushort.MaxValue
            || !SameFlow(batch, packet, ipHeaderLength))
        {
            return false;
        }
        packet.Slice(headers, payload).CopyTo(batch[_length..]);
        _length += payload;
        _lastSize = payload;
        _count++;
        return true;
    }

    /// <summary>
    /// Writes the batch, if any: one datagram as it is, several as one UDP_L4 super-packet (lengths for the whole, a
    /// pseudo-header checksum over it, segments of the first datagram's size). False when the kernel refused it.
    /// </summary>
    public bool Flush(ITunQueue queue, out int count, out Nat64Direction direction)
    {
        count = _count;
        direction = _direction;
        if (_count == 0)
        {
            return true;
        }
        Span<byte> batch = _frame.AsSpan(VirtioNetHeader.Size, _length);
        VirtioNetHeader offload = default;
        if (_count > 1)
        {
            bool ipv4 = _ipHeaderLength == Ipv4HeaderSize;
            int udpLength = _length - _ipHeaderLength;
            if (ipv4)
            {
                BinaryPrimitives.WriteUInt16BigEndian(batch[Ipv4Header.TotalLengthOffset..], (ushort)_length);
                Ipv4Header.WriteChecksum(batch);
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(batch[Ipv6Header.PayloadLengthOffset..], (ushort)udpLength);
            }
            Span<byte> udp = batch[_ipHeaderLength..];
            BinaryPrimitives.WriteUInt16BigEndian(udp[UdpHeader.LengthOffset..], (ushort)udpLength);
            uint pseudo = ipv4
                ? InternetChecksum.PseudoHeaderIpv4(batch.Slice(Ipv4Header.SourceOffset, 4), batch.Slice(Ipv4Header.DestinationOffset, 4), (byte)IpProtocol.Udp, udpLength)
                : InternetChecksum.PseudoHeaderIpv6(batch.Slice(Ipv6Header.SourceOffset, 16), batch.Slice(Ipv6Header.DestinationOffset, 16), (byte)IpProtocol.Udp, udpLength);
            BinaryPrimitives.WriteUInt16BigEndian(udp[UdpHeader.ChecksumOffset..], (ushort)InternetChecksum.Fold(pseudo));
            offload = new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.UdpL4,
                (ushort)(_ipHeaderLength + UdpHeader.Size), (ushort)_segmentSize, (ushort)_ipHeaderLength, UdpHeader.ChecksumOffset);
        }
        offload.Write(_frame);
        bool ok = queue.Write(_frame.AsSpan(0, VirtioNetHeader.Size + _length));
        _count = 0;
        _length = 0;
        return ok;
    }

    /// <summary>A UDP datagram of at least one data byte, IP without options or extension headers, not a fragment, lengths consistent, checksum present and valid.</summary>
    private static bool IsJoinable(ReadOnlySpan<byte> packet, out int ipHeaderLength, out int payload)
    {
        ipHeaderLength = 0;
        payload = 0;
        if (packet.Length < Ipv4HeaderSize + UdpHeader.Size)
        {
            return false;
        }
        uint pseudo;
        switch (packet[0])
        {
            case 0x45:
                if (packet[Ipv4Header.ProtocolOffset] != (byte)IpProtocol.Udp
                    || (BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv4Header.FlagsAndFragmentOffsetOffset..]) & (Ipv4Header.MoreFragmentsFlag | Ipv4Header.FragmentOffsetMask)) != 0
                    || BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv4Header.TotalLengthOffset..]) != packet.Length)
                {
                    return false;
                }
                ipHeaderLength = Ipv4HeaderSize;
                pseudo = InternetChecksum.PseudoHeaderIpv4(packet.Slice(Ipv4Header.SourceOffset, 4), packet.Slice(Ipv4Header.DestinationOffset, 4), (byte)IpProtocol.Udp, packet.Length - Ipv4HeaderSize);
                break;
            case >= 0x60 and <= 0x6F:
                if (packet.Length < Ipv6HeaderSize + UdpHeader.Size || packet[Ipv6Header.NextHeaderOffset] != (byte)IpProtocol.Udp
                    || BinaryPrimitives.ReadUInt16BigEndian(packet[Ipv6Header.PayloadLengthOffset..]) + Ipv6HeaderSize != packet.Length)
                {
                    return false;
                }
                ipHeaderLength = Ipv6HeaderSize;
                pseudo = InternetChecksum.PseudoHeaderIpv6(packet.Slice(Ipv6Header.SourceOffset, 16), packet.Slice(Ipv6Header.DestinationOffset, 16), (byte)IpProtocol.Udp, packet.Length - Ipv6HeaderSize);
                break;
            default:
                return false;
        }
        ReadOnlySpan<byte> udp = packet[ipHeaderLength..];
        payload = udp.Length - UdpHeader.Size;
        return payload > 0
            && BinaryPrimitives.ReadUInt16BigEndian(udp[UdpHeader.LengthOffset..]) == udp.Length
            && BinaryPrimitives.ReadUInt16BigEndian(udp[UdpHeader.ChecksumOffset..]) != 0
            && InternetChecksum.Verifies(InternetChecksum.Add(pseudo, udp));
    }

    /// <summary>Every header field a segment repeats is equal: all but the lengths, the IPv4 ID and the checksums.</summary>
    private static bool SameFlow(ReadOnlySpan<byte> batch, ReadOnlySpan<byte> packet, int ipHeaderLength)
    {
        bool sameIp = ipHeaderLength == Ipv4HeaderSize
            ? batch[Ipv4Header.TypeOfServiceOffset] == packet[Ipv4Header.TypeOfServiceOffset]
                && batch.Slice(Ipv4Header.FlagsAndFragmentOffsetOffset, 4).SequenceEqual(packet.Slice(Ipv4Header.FlagsAndFragmentOffsetOffset, 4))   // flags, TTL, protocol
                && batch.Slice(Ipv4Header.SourceOffset, 8).SequenceEqual(packet.Slice(Ipv4Header.SourceOffset, 8))
            : batch[..4].SequenceEqual(packet[..4])   // version, traffic class, flow label
                && batch.Slice(Ipv6Header.NextHeaderOffset, 34).SequenceEqual(packet.Slice(Ipv6Header.NextHeaderOffset, 34));   // next header, hop limit, addresses
        return sameIp && batch.Slice(ipHeaderLength, 4).SequenceEqual(packet.Slice(ipHeaderLength, 4));   // ports
    }
}
