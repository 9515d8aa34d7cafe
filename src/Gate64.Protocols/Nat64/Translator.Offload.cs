using System.Buffers.Binary;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Nat64;

/// <summary>
/// GSO super-packets: one TCP (TSO) or UDP (USO) packet of up to 64 KiB that a TUN with offloads hands out, and that
/// the kernel cuts into segments of <see cref="VirtioNetHeader.GsoSize"/> payload bytes when it sends them on. It is
/// one flow, so it is translated once: the IP header rewritten as for any packet, the virtio header with it
/// (segmentation type to the other family, header length and checksum start moved by the header size difference).
/// <para>
/// The transport checksum of a super-packet is partial: its field holds only the pseudo-header sum, uncomplemented
/// (the kernel sums the bytes from the transport header on when it segments). So only the pseudo-header's change is
/// folded into it, and the port rewrite is not: the kernel sums the new ports itself. The upper-layer length and the
/// protocol weigh the same in both families' pseudo-headers (RFC 768/9293 vs RFC 8200 §8.1: a 16-bit and a 32-bit
/// length below 65536, the protocol in the low byte of a word), so the addresses are the whole change.
/// </para>
/// </summary>
public sealed partial class Translator
{
    /// <summary>
    /// Translates an IPv6 GSO super-packet into an IPv4 one (TCPV6 → TCPV4, UDP_L4 stays) with the addresses and
    /// ports of <paramref name="mapping"/>. <paramref name="offload"/> must describe a super-packet
    /// (<see cref="VirtioNetHeader.IsGso"/>). On <see cref="TranslationStatus.Translated"/>, <paramref name="written"/>
    /// bytes of <paramref name="output"/> hold one packet and <paramref name="translatedOffload"/> its virtio header;
    /// segments that would exceed the IPv4 or segment MTU are made smaller (TCP) or the packet is dropped (UDP). DF is
    /// set as RFC 7915 §5.1 would for a packet of one segment's size; the kernel gives the segments consecutive IDs.
    /// </summary>
    public TranslationResult TranslateGso6To4(ReadOnlySpan<byte> ipv6Packet, in Nat64Mapping mapping, in VirtioNetHeader offload, Span<byte> output, out int written, out VirtioNetHeader translatedOffload)
    {
        written = 0;
        translatedOffload = default;
        if (Ipv6Header.TryValidate(ipv6Packet, out Ipv6Header header) != IpParseError.None)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedPacket);
        }
        IpParseError walk = header.TryWalkExtensions(out Ipv6ExtensionChain chain);
        if (walk != IpParseError.None)
        {
            return TranslationResult.Drop(walk == IpParseError.TooManyExtensionHeaders
                ? TranslationDropReason.TooManyExtensionHeaders
                : TranslationDropReason.MalformedExtensionHeaders);
        }
        if (header.HopLimit <= 1)
        {
            return TranslationResult.Send(TranslationStatus.SendTimeExceeded);
        }
        if (chain.SegmentsLeftOffset >= 0)
        {
            return TranslationResult.Send(TranslationStatus.SendParameterProblem, (uint)chain.SegmentsLeftOffset);
        }
        if (chain.HasFragmentHeader)
        {
            return TranslationResult.Drop(TranslationDropReason.UnsupportedOffload);
        }

        IpProtocol protocol = chain.UpperLayerProtocol;
        ReadOnlySpan<byte> upper = header.Packet[chain.UpperLayerOffset..];
        TranslationDropReason problem = CheckOffload(offload, VirtioGsoType.TcpV6, protocol, chain.UpperLayerOffset, header.Packet.Length, upper, out int transportHeaderLength);
        if (problem != TranslationDropReason.None)
        {
            return TranslationResult.Drop(problem);
        }
        int headerLength = Ipv4HeaderSize + transportHeaderLength;
        int outputLength = Ipv4HeaderSize + upper.Length;
        if (outputLength > ushort.MaxValue)
        {
            return TranslationResult.Drop(TranslationDropReason.PacketTooLarge);
        }
        if (!TryFitSegments(offload.GsoSize, protocol, headerLength, Math.Min(_ipv4Mtu, _segmentMtu), out ushort gsoSize))
        {
            return TranslationResult.Drop(TranslationDropReason.PacketTooBig);
        }
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        WriteIpv4Header(output, header, chain, upper.Length, (byte)protocol, mapping);
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv4Header.FlagsAndFragmentOffsetOffset..],
            headerLength + gsoSize > DontFragmentThreshold ? Ipv4Header.DontFragmentFlag : (ushort)0);
        Span<byte> segment = output.Slice(Ipv4HeaderSize, upper.Length);
        upper.CopyTo(segment);
        uint removed = InternetChecksum.Add(InternetChecksum.Add(0, header.Source), header.Destination);
        uint added = InternetChecksum.AddUInt32(InternetChecksum.AddUInt32(0, (uint)mapping.Source), (uint)mapping.Destination);
        RewritePortsPartial(segment, protocol, removed, added, mapping.SourcePort, mapping.DestinationPort);
        Ipv4Header.WriteChecksum(output);

        VirtioGsoType kind = protocol == IpProtocol.Tcp ? VirtioGsoType.TcpV4 : VirtioGsoType.UdpL4;
        translatedOffload = new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, kind | (offload.GsoType & VirtioGsoType.Ecn),
            (ushort)headerLength, gsoSize, Ipv4HeaderSize, offload.ChecksumOffset);
        written = outputLength;
        return TranslationResult.Translated(1);
    }

    /// <summary>
    /// Translates an IPv4 GSO super-packet into an IPv6 one (TCPV4 → TCPV6, UDP_L4 stays) with the addresses and
    /// ports of <paramref name="mapping"/>; see <see cref="TranslateGso6To4"/>. Each segment grows by the header
    /// difference (20 bytes without IPv4 options), so a TCP segment size is lowered to fit the IPv6 and segment MTU
    /// (with DF) or the lowest IPv6 MTU (without DF: the sender does no path MTU discovery, RFC 7915 §4.1). IPv4
    /// options are dropped as for any packet.
    /// </summary>
    public TranslationResult TranslateGso4To6(ReadOnlySpan<byte> ipv4Packet, in Nat64Mapping mapping, in VirtioNetHeader offload, Span<byte> output, out int written, out VirtioNetHeader translatedOffload)
    {
        written = 0;
        translatedOffload = default;
        if (Ipv4Header.TryValidate(ipv4Packet, out Ipv4Header header) != IpParseError.None)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedPacket);
        }
        if (header.IsFragment)
        {
            return TranslationResult.Drop(TranslationDropReason.UnsupportedOffload);
        }
        if (header.TimeToLive <= 1)
        {
            return TranslationResult.Send(TranslationStatus.SendTimeExceeded);
        }
        if (header.OptionsLength > 0 && header.HasUnexpiredSourceRoute())
        {
            return TranslationResult.Send(TranslationStatus.SendSourceRouteFailed);
        }

        IpProtocol protocol = header.Protocol;
        ReadOnlySpan<byte> upper = header.Payload;
        TranslationDropReason problem = CheckOffload(offload, VirtioGsoType.TcpV4, protocol, header.HeaderLength, header.Packet.Length, upper, out int transportHeaderLength);
        if (problem != TranslationDropReason.None)
        {
            return TranslationResult.Drop(problem);
        }
        int headerLength = Ipv6HeaderSize + transportHeaderLength;
        int mtu = Math.Min(header.DontFragment ? _ipv6Mtu : _ipv6FragmentMtu, _segmentMtu);
        if (!TryFitSegments(offload.GsoSize, protocol, headerLength, mtu, out ushort gsoSize))
        {
            return TranslationResult.Drop(TranslationDropReason.PacketTooBig);
        }
        int outputLength = Ipv6HeaderSize + upper.Length;
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        WriteIpv6Header(output, header, Ipv6HeaderSize, upper.Length, (byte)protocol, mapping.Source, mapping.Destination, decrementHopLimit: true);
        Span<byte> segment = output.Slice(Ipv6HeaderSize, upper.Length);
        upper.CopyTo(segment);
        uint removed = InternetChecksum.Add(InternetChecksum.Add(0, header.Source), header.Destination);
        uint added = InternetChecksum.AddUInt128(InternetChecksum.AddUInt128(0, mapping.Source), mapping.Destination);
        RewritePortsPartial(segment, protocol, removed, added, mapping.SourcePort, mapping.DestinationPort);

        VirtioGsoType kind = protocol == IpProtocol.Tcp ? VirtioGsoType.TcpV6 : VirtioGsoType.UdpL4;
        translatedOffload = new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, kind | (offload.GsoType & VirtioGsoType.Ecn),
            (ushort)headerLength, gsoSize, Ipv6HeaderSize, offload.ChecksumOffset);
        written = outputLength;
        return TranslationResult.Translated(1);
    }

    /// <summary>
    /// Checks a super-packet's virtio header against the packet: TCP with this family's TCP type or UDP with UDP_L4, a
    /// segment size, a partial checksum whose field is the transport header's, a header length within the packet.
    /// Gives the transport header's length (TCP Data Offset, or 8).
    /// </summary>
    private static TranslationDropReason CheckOffload(in VirtioNetHeader offload, VirtioGsoType tcpType, IpProtocol protocol, int transportOffset, int packetLength, ReadOnlySpan<byte> upper, out int transportHeaderLength)
    {
        transportHeaderLength = 0;
        VirtioGsoType kind = offload.GsoKind;
        if (kind is not (VirtioGsoType.TcpV4 or VirtioGsoType.TcpV6 or VirtioGsoType.UdpL4))
        {
            return TranslationDropReason.UnsupportedOffload;
        }
        bool tcp = protocol == IpProtocol.Tcp;
        if (!(tcp && kind == tcpType) && !(protocol == IpProtocol.Udp && kind == VirtioGsoType.UdpL4))
        {
            return TranslationDropReason.MalformedOffload;
        }
        int checksumOffset = tcp ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset;
        if (offload.GsoSize == 0 || !offload.NeedsChecksum || offload.HeaderLength > packetLength
            || offload.ChecksumStart + offload.ChecksumOffset + 2 > packetLength || offload.ChecksumOffset != checksumOffset)
        {
            return TranslationDropReason.MalformedOffload;
        }
        if (offload.ChecksumStart != transportOffset)
        {
            return TranslationDropReason.UnsupportedOffload;
        }
        if (upper.Length < (tcp ? TcpHeader.MinimumLength : UdpHeader.Size))
        {
            return TranslationDropReason.TruncatedTransportHeader;
        }
        transportHeaderLength = tcp ? (upper[TcpHeader.DataOffsetOffset] >> 4) * 4 : UdpHeader.Size;
        if ((tcp && transportHeaderLength < TcpHeader.MinimumLength) || transportHeaderLength > upper.Length)
        {
            return TranslationDropReason.TruncatedTransportHeader;
        }
        return TranslationDropReason.None;
    }

    /// <summary>
    /// The segment size after translation: unchanged when a segment fits <paramref name="mtu"/>; for TCP otherwise
    /// as much as fits (the kernel cuts and numbers the segments, so the stream stays consistent); for UDP, whose
    /// segments are datagrams, false.
    /// </summary>
    private static bool TryFitSegments(ushort gsoSize, IpProtocol protocol, int headerLength, int mtu, out ushort fitted)
    {
        int room = mtu - headerLength;
        fitted = gsoSize;
        if (gsoSize <= room)
        {
            return true;
        }
        if (protocol != IpProtocol.Tcp || room < 1)
        {
            return false;
        }
        fitted = (ushort)room;
        return true;
    }

    /// <summary>
    /// Rewrites the ports of a TCP or UDP header whose checksum field holds a partial (pseudo-header) sum: the sum
    /// gets the address change only, since the ports are data the kernel will sum when it completes the checksum.
    /// </summary>
    private static void RewritePortsPartial(Span<byte> segment, IpProtocol protocol, uint removedAddresses, uint addedAddresses, ushort sourcePort, ushort destinationPort)
    {
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], destinationPort);
        Span<byte> field = segment[(protocol == IpProtocol.Tcp ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset)..];
        // The field is an uncomplemented sum S; RFC 1624's update works on a complemented checksum, so go through ~S.
        ushort partial = BinaryPrimitives.ReadUInt16BigEndian(field);
        BinaryPrimitives.WriteUInt16BigEndian(field, (ushort)~InternetChecksum.Update((ushort)~partial, removedAddresses, addedAddresses));
    }
}
