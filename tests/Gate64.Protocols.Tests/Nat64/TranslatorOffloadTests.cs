using System.Buffers.Binary;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>
/// GSO super-packets (TUN offloads): the IP header and the virtio header translated together, and the partial
/// checksum proven by segmenting the output the way the kernel does and comparing every segment's completed checksum
/// with one computed from scratch.
/// </summary>
public class TranslatorOffloadTests
{
    private readonly Translator _translator = new(new TranslatorOptions { SegmentMtu = 1500 });

    private static (TranslationResult Result, byte[] Output, VirtioNetHeader Offload) Gso6To4(Translator translator, byte[] packet, VirtioNetHeader offload, Nat64Mapping mapping)
    {
        byte[] output = new byte[packet.Length + 64];
        TranslationResult result = translator.TranslateGso6To4(packet, mapping, offload, output, out int written, out VirtioNetHeader translated);
        Assert.True(result.IsTranslated || written == 0);
        return (result, output[..written], translated);
    }

    private static (TranslationResult Result, byte[] Output, VirtioNetHeader Offload) Gso4To6(Translator translator, byte[] packet, VirtioNetHeader offload, Nat64Mapping mapping)
    {
        byte[] output = new byte[packet.Length + 64];
        TranslationResult result = translator.TranslateGso4To6(packet, mapping, offload, output, out int written, out VirtioNetHeader translated);
        Assert.True(result.IsTranslated || written == 0);
        return (result, output[..written], translated);
    }

    /// <summary>Every segment the kernel would cut from the output carries the checksum a full computation gives.</summary>
    private static List<byte[]> AssertSegmentsCorrect(byte[] output, VirtioNetHeader offload, byte protocol)
    {
        List<byte[]> segments = GsoTestPackets.Segment(output, offload);
        foreach (byte[] segment in segments)
        {
            ushort actual = BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(offload.ChecksumStart + offload.ChecksumOffset));
            Assert.Equal(GsoTestPackets.ExpectedChecksum(segment, offload.ChecksumStart, offload.ChecksumOffset, protocol), actual);
            AssertChecksums(segment);
        }
        return segments;
    }

    [Fact]
    public void Tcp6To4_HeadersRewrittenOnce_SegmentsChecksumCorrect()
    {
        byte[] options = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2];   // timestamps: a 32-byte TCP header
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 20 * 1428 + 77, 1428, options, ttl: 64);

        (TranslationResult result, byte[] output, VirtioNetHeader translated) = Gso6To4(_translator, packet, offload, Mapping(Pool4, Server4, PoolPort, 443));

        Assert.Equal(TranslationStatus.Translated, result.Status);
        Assert.Equal(packet.Length - 20, output.Length);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV4, 20 + 32, 1428, 20, 16), translated);
        Assert.Equal(0x45, output[0]);
        Assert.Equal(output.Length, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(2)));
        Assert.Equal(Ipv4Header.DontFragmentFlag, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(6)));
        Assert.Equal(63, output[8]);
        Assert.Equal(ProtoTcp, output[9]);
        Assert.Equal(Address(Pool4), output[12..16]);
        Assert.Equal(Address(Server4), output[16..20]);
        Assert.Equal(PoolPort, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(20)));
        Assert.Equal(443, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(22)));
        Assert.Equal(packet[60..], output[40..]);   // options and payload untouched after the ports and checksum
        Assert.True(Ipv4Header.TryValidate(output, out _) == IpParseError.None);
        Assert.Equal(21, translated.SegmentCount(output.Length));

        List<byte[]> segments = AssertSegmentsCorrect(output, translated, ProtoTcp);
        Assert.Equal(21, segments.Count);
        Assert.All(segments[..^1], s => Assert.Equal(1480, s.Length));
    }

    [Fact]
    public void Tcp6To4_PartialChecksumCompletesLikeAFullOneOverTheSuperPacket()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 9000, 1440);

        (_, byte[] output, VirtioNetHeader translated) = Gso6To4(_translator, packet, offload, Mapping(Pool4, Server4, PoolPort, 443));

        Span<byte> completed = output.ToArray();
        Assert.True(translated.TryCompleteChecksum(completed));
        Assert.Equal(GsoTestPackets.ExpectedChecksum(output, 20, 16, ProtoTcp), BinaryPrimitives.ReadUInt16BigEndian(completed[36..]));
    }

    [Fact]
    public void Tcp4To6_SegmentSizeLoweredToFitTheMtu_SegmentsChecksumCorrect()
    {
        // 1460 bytes per IPv4 segment (1500 bytes) would be 1520 bytes of IPv6: lowered to 1440.
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 30 * 1460, 1460, ttl: 50);

        (TranslationResult result, byte[] output, VirtioNetHeader translated) = Gso4To6(_translator, packet, offload, Mapping(Server6, Client6, 443, ClientPort));

        Assert.True(result.IsTranslated);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV6, 60, 1440, 40, 16), translated);
        Assert.Equal(6, output[0] >> 4);
        Assert.Equal(output.Length - 40, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(4)));
        Assert.Equal(ProtoTcp, output[6]);
        Assert.Equal(49, output[7]);
        Assert.Equal(Address(Server6), output[8..24]);
        Assert.Equal(Address(Client6), output[24..40]);
        Assert.Equal(ClientPort, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(42)));
        List<byte[]> segments = AssertSegmentsCorrect(output, translated, ProtoTcp);
        Assert.Equal(31, segments.Count);
        Assert.All(segments[..^1], s => Assert.Equal(1500, s.Length));
    }

    [Fact]
    public void Tcp4To6_SegmentsThatFit_KeepTheirSize()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 5 * 1440, 1440);

        (_, byte[] output, VirtioNetHeader translated) = Gso4To6(_translator, packet, offload, Mapping(Server6, Client6, 443, ClientPort));

        Assert.Equal(1440, translated.GsoSize);
        Assert.Equal(5, AssertSegmentsCorrect(output, translated, ProtoTcp).Count);
    }

    /// <summary>Without DF the IPv4 sender does no path MTU discovery: segments fit the lowest IPv6 MTU (RFC 7915 §4.1).</summary>
    [Fact]
    public void Tcp4To6_WithoutDontFragment_SegmentsFitTheLowestIpv6Mtu()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 4000, 1400, dontFragment: false);

        (_, byte[] output, VirtioNetHeader translated) = Gso4To6(_translator, packet, offload, Mapping(Server6, Client6, 443, ClientPort));

        Assert.Equal(1280 - 60, translated.GsoSize);
        AssertSegmentsCorrect(output, translated, ProtoTcp);
    }

    [Fact]
    public void Tcp_EcnFlagKept()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 3000, 1000, ecn: true);

        (_, _, VirtioNetHeader translated) = Gso6To4(_translator, packet, offload, Mapping(Pool4, Server4, PoolPort, 443));

        Assert.Equal(VirtioGsoType.TcpV4 | VirtioGsoType.Ecn, translated.GsoType);
    }

    [Fact]
    public void Udp6To4_DatagramsKeepTheirSize_SegmentsChecksumCorrect()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Udp(Client6, Server6, ClientPort, ServerPort, 10 * 1200 + 5, 1200);

        (TranslationResult result, byte[] output, VirtioNetHeader translated) = Gso6To4(_translator, packet, offload, Outbound);

        Assert.True(result.IsTranslated);
        Assert.Equal(new VirtioNetHeader(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.UdpL4, 28, 1200, 20, 6), translated);
        Assert.Equal(PoolPort, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(20)));
        Assert.Equal(11, AssertSegmentsCorrect(output, translated, ProtoUdp).Count);
        // 28 + 1200 bytes per segment: below 1260, so no DF (RFC 7915 §5.1 for a packet of that size)
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(6)));
    }

    [Fact]
    public void Udp4To6_DatagramsThatFit_Translated()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Udp(Server4, Pool4, ServerPort, PoolPort, 4 * 1000, 1000);

        (TranslationResult result, byte[] output, VirtioNetHeader translated) = Gso4To6(_translator, packet, offload, Inbound);

        Assert.True(result.IsTranslated);
        Assert.Equal(VirtioGsoType.UdpL4, translated.GsoType);
        Assert.Equal(4, AssertSegmentsCorrect(output, translated, ProtoUdp).Count);
    }

    /// <summary>UDP segments are datagrams: they cannot be made smaller, so one that would not fit is dropped.</summary>
    [Fact]
    public void Udp4To6_DatagramsTooBigForTheMtu_Dropped()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Udp(Server4, Pool4, ServerPort, PoolPort, 4 * 1460, 1460);

        (TranslationResult result, byte[] output, _) = Gso4To6(_translator, packet, offload, Inbound);

        Assert.Equal(TranslationResult.Drop(TranslationDropReason.PacketTooBig), result);
        Assert.Empty(output);
    }

    [Fact]
    public void HopLimitExpired_TimeExceededAsForAnyPacket()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 3000, 1000, ttl: 1);
        (byte[] packet4, VirtioNetHeader offload4) = GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 3000, 1000, ttl: 1);

        Assert.Equal(TranslationStatus.SendTimeExceeded, Gso6To4(_translator, packet, offload, Outbound).Result.Status);
        Assert.Equal(TranslationStatus.SendTimeExceeded, Gso4To6(_translator, packet4, offload4, Inbound).Result.Status);
    }

    [Fact]
    public void Ipv6SuperPacketWhoseIpv4FormExceeds65535_Dropped()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 65535 - 20, 1440);

        Assert.Equal(TranslationResult.Drop(TranslationDropReason.PacketTooLarge), Gso6To4(_translator, packet, offload, Outbound).Result);
    }

    public static TheoryData<string, VirtioNetHeader, TranslationDropReason> BadHeaders6 => new()
    {
        { "gso_size 0", Tcp6Offload with { GsoSize = 0 }, TranslationDropReason.MalformedOffload },
        { "no partial checksum", Tcp6Offload with { Flags = VirtioNetHeaderFlags.None }, TranslationDropReason.MalformedOffload },
        { "data valid only", Tcp6Offload with { Flags = VirtioNetHeaderFlags.DataValid }, TranslationDropReason.MalformedOffload },
        { "TCPV4 on IPv6", Tcp6Offload with { GsoType = VirtioGsoType.TcpV4 }, TranslationDropReason.MalformedOffload },
        { "UDP_L4 on TCP", Tcp6Offload with { GsoType = VirtioGsoType.UdpL4 }, TranslationDropReason.MalformedOffload },
        { "UFO", Tcp6Offload with { GsoType = VirtioGsoType.Udp }, TranslationDropReason.UnsupportedOffload },
        { "unknown type 2", Tcp6Offload with { GsoType = (VirtioGsoType)2 }, TranslationDropReason.UnsupportedOffload },
        { "unknown type 0x7f", Tcp6Offload with { GsoType = (VirtioGsoType)0x7F }, TranslationDropReason.UnsupportedOffload },
        { "hdr_len beyond the packet", Tcp6Offload with { HeaderLength = 5000 }, TranslationDropReason.MalformedOffload },
        { "csum_start beyond the packet", Tcp6Offload with { ChecksumStart = 4000 }, TranslationDropReason.MalformedOffload },
        { "csum_offset of UDP on TCP", Tcp6Offload with { ChecksumOffset = 6 }, TranslationDropReason.MalformedOffload },
        { "csum_offset odd", Tcp6Offload with { ChecksumOffset = 17 }, TranslationDropReason.MalformedOffload },
        { "csum_start not the transport header", Tcp6Offload with { ChecksumStart = 44 }, TranslationDropReason.UnsupportedOffload },
    };

    private static VirtioNetHeader Tcp6Offload => new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV6, 60, 1000, 40, 16);

    [Theory]
    [MemberData(nameof(BadHeaders6))]
    public void MalformedVirtioHeader_Dropped(string what, VirtioNetHeader offload, TranslationDropReason reason)
    {
        (byte[] packet, _) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 3000, 1000);

        (TranslationResult result, byte[] output, VirtioNetHeader translated) = Gso6To4(_translator, packet, offload, Outbound);

        Assert.True(TranslationResult.Drop(reason) == result, $"{what}: {result}");
        Assert.Empty(output);
        Assert.Equal(default, translated);
    }

    [Fact]
    public void TcpV6TypeOnAnIpv4Packet_Dropped()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 3000, 1000);

        Assert.Equal(TranslationResult.Drop(TranslationDropReason.MalformedOffload), Gso4To6(_translator, packet, offload with { GsoType = VirtioGsoType.TcpV6 }, Inbound).Result);
    }

    [Fact]
    public void TcpDataOffsetBeyondTheSegment_Dropped()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 0, 1000);
        packet[40 + 12] = 0xF0;   // 60-byte header in a 20-byte segment

        Assert.Equal(TranslationResult.Drop(TranslationDropReason.TruncatedTransportHeader), Gso6To4(_translator, packet, offload, Outbound).Result);
    }

    [Fact]
    public void Ipv6FragmentHeader_Unsupported()
    {
        byte[] tcp = Tcp(Client6, Server6, ClientPort, 443, Data(3000));
        byte[] packet = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoTcp, 0, false, 9), tcp));
        VirtioNetHeader offload = new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV6, 68, 1000, 48, 16);

        Assert.Equal(TranslationResult.Drop(TranslationDropReason.UnsupportedOffload), Gso6To4(_translator, packet, offload, Outbound).Result);
    }

    [Fact]
    public void Ipv4Fragment_Unsupported()
    {
        byte[] tcp = Tcp(Server4, Pool4, 443, PoolPort, Data(3000));
        byte[] packet = Ipv4(Server4, Pool4, ProtoTcp, tcp, moreFragments: true);
        VirtioNetHeader offload = new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV4, 40, 1000, 20, 16);

        Assert.Equal(TranslationResult.Drop(TranslationDropReason.UnsupportedOffload), Gso4To6(_translator, packet, offload, Inbound).Result);
    }

    /// <summary>IPv6 extension headers before TCP are dropped as for any packet; the offsets move by their length too.</summary>
    [Fact]
    public void ExtensionHeaders_OffsetsMovedByTheirLength()
    {
        byte[] tcp = Tcp(Client6, Server6, ClientPort, 443, Data(5000));
        GsoTestPackets.SetPartial(tcp, 16, Client6, Server6, ProtoTcp);
        byte[] packet = Ipv6(Client6, Server6, 0, Concat(OptionsHeader(60), OptionsHeader(ProtoTcp), tcp));
        VirtioNetHeader offload = new(VirtioNetHeaderFlags.NeedsChecksum, VirtioGsoType.TcpV6, 76, 1200, 56, 16);

        (TranslationResult result, byte[] output, VirtioNetHeader translated) = Gso6To4(_translator, packet, offload, Mapping(Pool4, Server4, PoolPort, 443));

        Assert.True(result.IsTranslated);
        Assert.Equal(20, translated.ChecksumStart);
        Assert.Equal(40, translated.HeaderLength);
        AssertSegmentsCorrect(output, translated, ProtoTcp);
    }

    [Fact]
    public void GsoTranslation_AllocatesNothing()
    {
        (byte[] packet, VirtioNetHeader offload) = GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 60000, 1440);
        (byte[] packet4, VirtioNetHeader offload4) = GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 60000, 1460);
        byte[] output = new byte[70000];
        Nat64Mapping outbound = Mapping(Pool4, Server4, PoolPort, 443);
        Nat64Mapping inbound = Mapping(Server6, Client6, 443, ClientPort);
        _translator.TranslateGso6To4(packet, outbound, offload, output, out _, out _);
        _translator.TranslateGso4To6(packet4, inbound, offload4, output, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            _translator.TranslateGso6To4(packet, outbound, offload, output, out _, out _);
            _translator.TranslateGso4To6(packet4, inbound, offload4, output, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// 20,000 random mutations of (virtio header + packet): never an exception, never a write past the output, and
    /// whatever is translated is a valid packet whose virtio header lies inside it.
    /// </summary>
    [Fact]
    public void RandomMutationsOfHeaderAndPacket_NeverThrowNorEscape()
    {
        Random random = new(20260806);
        (byte[] Packet, VirtioNetHeader Offload, bool V6)[] seeds =
        [
            Seed(GsoTestPackets.Tcp(Client6, Server6, ClientPort, 443, 4000, 1440), v6: true),
            Seed(GsoTestPackets.Udp(Client6, Server6, ClientPort, ServerPort, 3000, 1000), v6: true),
            Seed(GsoTestPackets.Tcp(Server4, Pool4, 443, PoolPort, 4000, 1460), v6: false),
            Seed(GsoTestPackets.Udp(Server4, Pool4, ServerPort, PoolPort, 3000, 1000), v6: false),
        ];
        const int Canary = 64;
        byte[] output = new byte[8192 + Canary];
        int translated = 0;
        for (int i = 0; i < 20_000; i++)
        {
            (byte[] packet, VirtioNetHeader offload, bool v6) = seeds[i % seeds.Length];
            byte[] frame = new byte[VirtioNetHeader.Size + packet.Length];
            offload.Write(frame);
            packet.CopyTo(frame, VirtioNetHeader.Size);
            int mutations = 1 + random.Next(4);
            for (int m = 0; m < mutations; m++)
            {
                // Half the mutations hit the virtio header or the IP/transport headers, where parsing happens.
                int at = random.Next(2) == 0 ? random.Next(Math.Min(frame.Length, VirtioNetHeader.Size + 80)) : random.Next(frame.Length);
                frame[at] = (byte)random.Next(256);
            }
            int length = random.Next(8) == 0 ? random.Next(frame.Length) : frame.Length;
            Array.Fill(output, (byte)0xA5);
            if (!VirtioNetHeader.TryRead(frame.AsSpan(0, length), out VirtioNetHeader mutated))
            {
                continue;
            }
            ReadOnlySpan<byte> input = frame.AsSpan(VirtioNetHeader.Size, length - VirtioNetHeader.Size);
            Span<byte> target = output.AsSpan(0, output.Length - Canary);
            TranslationResult result = v6
                ? _translator.TranslateGso6To4(input, Outbound, mutated, target, out int written, out VirtioNetHeader translatedOffload)
                : _translator.TranslateGso4To6(input, Inbound, mutated, target, out written, out translatedOffload);
            Assert.All(output[^Canary..], b => Assert.Equal(0xA5, b));
            if (!result.IsTranslated)
            {
                Assert.Equal(0, written);
                continue;
            }
            translated++;
            byte[] packetOut = output[..written];
            if (v6)
            {
                Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(packetOut, out _));
            }
            else
            {
                Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(packetOut, out _));
            }
            Assert.True(translatedOffload.IsGso && translatedOffload.NeedsChecksum);
            Assert.True(translatedOffload.HeaderLength <= written && translatedOffload.ChecksumStart + translatedOffload.ChecksumOffset + 2 <= written);
            Assert.True(translatedOffload.GsoSize > 0);
        }
        Assert.True(translated > 1000, $"only {translated} mutations translated");
    }

    private static (byte[] Packet, VirtioNetHeader Offload, bool V6) Seed((byte[] Packet, VirtioNetHeader Offload) seed, bool v6) => (seed.Packet, seed.Offload, v6);
}
