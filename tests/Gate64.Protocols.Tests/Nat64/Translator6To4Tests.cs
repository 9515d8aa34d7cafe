using System.Buffers.Binary;
using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>RFC 7915 §5.1, §5.1.1, §5.5: IPv6 → IPv4, compared byte for byte with packets built from scratch.</summary>
public class Translator6To4Tests
{
    private readonly Translator _translator = new();

    private static byte[] ClientUdp(byte[] data, byte hopLimit = 64, byte trafficClass = 0) =>
        Ipv6(Client6, Server6, ProtoUdp, Udp(Client6, Server6, ClientPort, ServerPort, data), hopLimit, trafficClass);

    private static byte[] ExpectedUdp(byte[] data, ushort identification, byte ttl = 63, byte tos = 0, bool dontFragment = false) =>
        Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, data), ttl, tos, identification, dontFragment);

    [Fact]
    public void Udp_AddressesPortsTtlTosAndChecksumRewritten()
    {
        byte[] data = Data(100);
        (TranslationResult result, byte[] output) = Translate6To4(_translator, ClientUdp(data, hopLimit: 64, trafficClass: 0xB8), Outbound);

        Assert.Equal(TranslationStatus.Translated, result.Status);
        Assert.Equal(1, result.PacketCount);
        AssertBytes(ExpectedUdp(data, Identification(output), ttl: 63, tos: 0xB8), output);
        AssertChecksums(output);
    }

    [Fact]
    public void Tcp_WithOptions_Rewritten()
    {
        byte[] data = Data(333, 2);
        byte[] options = [2, 4, 5, 0xA0, 1, 3, 3, 7];
        byte[] input = Ipv6(Client6, Server6, ProtoTcp, Tcp(Client6, Server6, ClientPort, 443, data, flags: 0x02, options: options));
        Nat64Mapping mapping = Mapping(Pool4, Server4, PoolPort, 443);

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, mapping);

        Assert.True(result.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, ProtoTcp, Tcp(Pool4, Server4, PoolPort, 443, data, flags: 0x02, options: options), ttl: 63, identification: Identification(output)), output);
    }

    /// <summary>RFC 7915 §5.1: DF is set when the translated packet is larger than 1260 bytes.</summary>
    [Theory]
    [InlineData(1232, false)]   // 20 + 8 + 1232 = 1260
    [InlineData(1233, true)]
    [InlineData(1400, true)]
    [InlineData(0, false)]
    public void DontFragment_SetAbove1260Bytes(int dataLength, bool dontFragment)
    {
        byte[] data = Data(dataLength);

        (TranslationResult result, byte[] output) = Translate6To4(_translator, ClientUdp(data), Outbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data, Identification(output), dontFragment: dontFragment), output);
    }

    [Fact]
    public void ZeroUdpChecksum_StaysZero()
    {
        byte[] data = Data(20);
        byte[] input = Ipv6(Client6, Server6, ProtoUdp, Udp(Client6, Server6, ClientPort, ServerPort, data, omitChecksum: true));

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, Outbound);

        Assert.True(result.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, data, omitChecksum: true), ttl: 63, identification: Identification(output)), output);
    }

    /// <summary>RFC 7915 §5.1: Hop-by-Hop, Destination Options and Routing (Segments Left 0) headers are dropped.</summary>
    [Fact]
    public void ExtensionHeaders_Skipped()
    {
        byte[] data = Data(64);
        byte[] udp = Udp(Client6, Server6, ClientPort, ServerPort, data);
        byte[] input = Ipv6(Client6, Server6, 0, Concat(OptionsHeader(60), OptionsHeader(43, 1), RoutingHeader(60, 0), OptionsHeader(ProtoUdp), udp));

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, Outbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data, Identification(output)), output);
    }

    /// <summary>RFC 7915 §5.1: Routing header with Segments Left ≠ 0 → Parameter Problem pointing at Segments Left.</summary>
    [Fact]
    public void RoutingWithSegmentsLeft_SendParameterProblemAtTheField()
    {
        byte[] input = Ipv6(Client6, Server6, 0, Concat(OptionsHeader(43), RoutingHeader(ProtoUdp, 2), Udp(Client6, Server6, 1, 2, Data(8))));

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, Outbound);

        Assert.Equal(TranslationStatus.SendParameterProblem, result.Status);
        Assert.Equal(40u + 8 + 3, result.IcmpParameter);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void HopLimitExpiring_SendTimeExceeded(byte hopLimit)
    {
        (TranslationResult result, _) = Translate6To4(_translator, ClientUdp(Data(10), hopLimit), Outbound);

        Assert.Equal(TranslationStatus.SendTimeExceeded, result.Status);
    }

    [Fact]
    public void HopLimit2_TranslatedWithTtl1()
    {
        (TranslationResult result, byte[] output) = Translate6To4(_translator, ClientUdp(Data(10), 2), Outbound);

        Assert.True(result.IsTranslated);
        Assert.Equal(1, output[8]);
    }

    /// <summary>RFC 7915 §5.1.1: the Fragment header becomes the IPv4 fragment fields; the UDP checksum (over the whole datagram) is updated in the first fragment.</summary>
    [Fact]
    public void Fragments_IdentificationOffsetAndMfCopiedDfClear()
    {
        byte[] data = Data(2000, 5);
        byte[] udp6 = Udp(Client6, Server6, ClientPort, ServerPort, data);
        byte[] udp4 = Udp(Pool4, Server4, PoolPort, ServerPort, data);
        byte[] first = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoUdp, 0, more: true, identification: 0xABCD1234), udp6[..1232]));
        byte[] second = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoUdp, 1232, more: false, identification: 0xABCD1234), udp6[1232..]));

        (TranslationResult firstResult, byte[] firstOutput) = Translate6To4(_translator, first, Outbound);
        (TranslationResult secondResult, byte[] secondOutput) = Translate6To4(_translator, second, Outbound);

        Assert.True(firstResult.IsTranslated);
        Assert.True(secondResult.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, ProtoUdp, udp4[..1232], ttl: 63, identification: 0x1234, moreFragments: true), firstOutput);
        AssertBytes(Ipv4(Pool4, Server4, ProtoUdp, udp4[1232..], ttl: 63, identification: 0x1234, fragmentOffset: 1232), secondOutput);
    }

    [Fact]
    public void AtomicFragment_TranslatedWithItsIdentificationAndNoFlags()
    {
        byte[] data = Data(30);
        byte[] input = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoUdp, 0, more: false, identification: 0x00017777), Udp(Client6, Server6, ClientPort, ServerPort, data)));

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, Outbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data, 0x7777), output);
    }

    [Fact]
    public void UnknownProtocol_HeaderTranslatedPayloadUntouched()
    {
        byte[] gre = Data(48);
        (TranslationResult result, byte[] output) = Translate6To4(_translator, Ipv6(Client6, Server6, 47, gre), Outbound);

        Assert.True(result.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, 47, gre, ttl: 63, identification: Identification(output)), output);
    }

    /// <summary>ICMPv4 inside IPv6 would reach IPv4 hosts unchecked: dropped (a deliberate deviation from "copy the protocol").</summary>
    [Fact]
    public void Icmpv4InsideIpv6_Dropped()
    {
        byte[] input = Ipv6(Client6, Server6, ProtoIcmp, IcmpV4(5, 1, 0, Data(28)));

        Assert.Equal(TranslationDropReason.UntranslatableProtocol, Translate6To4(_translator, input, Outbound).Result.DropReason);
    }

    [Fact]
    public void EchoRequestAndReply_TypeIdentifierAndChecksumRewritten()
    {
        byte[] data = Data(56);
        foreach ((byte type6, byte type4) in new[] { ((byte)128, (byte)8), ((byte)129, (byte)0) })
        {
            byte[] input = Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, type6, 0, 0x1111_0007, data));
            Nat64Mapping mapping = Mapping(Pool4, Server4, 0x2222, 0);

            (TranslationResult result, byte[] output) = Translate6To4(_translator, input, mapping);

            Assert.True(result.IsTranslated);
            AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(type4, 0, 0x2222_0007, data), ttl: 63, identification: Identification(output)), output);
        }
    }

    /// <summary>RFC 7915 §5.2: MLD, ND and unknown informational messages are silently dropped.</summary>
    [Theory]
    [InlineData(130)]
    [InlineData(131)]
    [InlineData(132)]
    [InlineData(133)]
    [InlineData(134)]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(143)]
    [InlineData(200)]
    [InlineData(255)]
    public void IcmpInformational_NotEcho_Dropped(byte type)
    {
        byte[] input = Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, type, 0, 0, Data(16)));

        (TranslationResult result, _) = Translate6To4(_translator, input, Outbound);

        Assert.Equal(TranslationStatus.Drop, result.Status);
        Assert.Equal(TranslationDropReason.UntranslatableIcmpType, result.DropReason);
    }

    [Fact]
    public void FragmentedIcmp_Dropped()
    {
        byte[] echo = IcmpV6(Client6, Server6, 128, 0, 1, Data(2000));
        byte[] input = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 0, more: true, identification: 9), echo[..1232]));

        (TranslationResult result, _) = Translate6To4(_translator, input, Outbound);

        Assert.Equal(TranslationDropReason.FragmentedIcmp, result.DropReason);
    }

    [Fact]
    public void TruncatedTransportHeaders_Dropped()
    {
        Assert.Equal(TranslationDropReason.TruncatedTransportHeader, Translate6To4(_translator, Ipv6(Client6, Server6, ProtoTcp, Data(19)), Outbound).Result.DropReason);
        Assert.Equal(TranslationDropReason.TruncatedTransportHeader, Translate6To4(_translator, Ipv6(Client6, Server6, ProtoUdp, Data(7)), Outbound).Result.DropReason);
        Assert.Equal(TranslationDropReason.TruncatedTransportHeader, Translate6To4(_translator, Ipv6(Client6, Server6, ProtoIcmpV6, Data(7)), Outbound).Result.DropReason);
    }

    /// <summary>With an IPv4 MTU: DF packets get Packet Too Big (MTU + 20, never below 1280), others are fragmented.</summary>
    [Theory]
    [InlineData(1400, 1500, 1420u)]
    [InlineData(1000, 1400, 1280u)]
    public void Ipv4Mtu_DontFragmentPacketTooBig(int mtu, int dataLength, uint reported)
    {
        Translator translator = new(new TranslatorOptions { Ipv4Mtu = mtu });

        (TranslationResult result, byte[] output) = Translate6To4(translator, ClientUdp(Data(dataLength)), Outbound);

        Assert.Equal(TranslationStatus.SendPacketTooBig, result.Status);
        Assert.Equal(reported, result.IcmpParameter);
        Assert.Empty(output);
    }

    [Fact]
    public void Ipv4Mtu_SmallPacketWithoutDf_Fragmented()
    {
        Translator translator = new(new TranslatorOptions { Ipv4Mtu = 576 });
        byte[] data = Data(1200);

        (TranslationResult result, byte[] output) = Translate6To4(translator, ClientUdp(data), Outbound);

        Assert.True(result.IsTranslated);
        Assert.Equal(3, result.PacketCount);
        List<byte[]> fragments = SplitPackets(output);
        Assert.Equal(3, fragments.Count);
        byte[] expected = ExpectedUdp(data, Identification(output));
        byte[] udp4 = expected[20..];
        int offset = 0;
        for (int i = 0; i < fragments.Count; i++)
        {
            byte[] fragment = fragments[i];
            Assert.True(fragment.Length <= 576);
            int size = fragment.Length - 20;
            Assert.True(i == fragments.Count - 1 || size % 8 == 0);
            AssertBytes(Ipv4(Pool4, Server4, ProtoUdp, udp4[offset..(offset + size)], ttl: 63, identification: Identification(output),
                moreFragments: i < fragments.Count - 1, fragmentOffset: offset), fragment);
            offset += size;
        }
        Assert.Equal(udp4.Length, offset);
    }

    [Fact]
    public void ZeroTrafficClassOption_WritesTosZero()
    {
        Translator translator = new(new TranslatorOptions { ZeroTrafficClass = true });
        byte[] data = Data(10);

        (TranslationResult result, byte[] output) = Translate6To4(translator, ClientUdp(data, trafficClass: 0xFC), Outbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data, Identification(output), tos: 0), output);
    }

    [Fact]
    public void Identification_Differs_ForConsecutivePackets()
    {
        byte[] input = ClientUdp(Data(10));
        HashSet<ushort> seen = [];
        for (int i = 0; i < 65536; i++)
        {
            byte[] output = new byte[100];
            Assert.True(_translator.Translate6To4(input, Outbound, output, out _).IsTranslated);
            Assert.True(seen.Add(BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(4))), $"repeat after {i} packets");
        }
    }

    [Fact]
    public void OutputTooSmall_DroppedWithoutWriting()
    {
        byte[] input = ClientUdp(Data(100));
        byte[] output = new byte[127];

        TranslationResult result = _translator.Translate6To4(input, Outbound, output, out int written);

        Assert.Equal(TranslationDropReason.OutputTooSmall, result.DropReason);
        Assert.Equal(0, written);
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void MalformedPackets_Dropped()
    {
        byte[] good = ClientUdp(Data(10));
        byte[] ipv4 = (byte[])good.Clone();
        ipv4[0] = 0x45;
        Assert.Equal(TranslationDropReason.MalformedPacket, Translate6To4(_translator, ipv4, Outbound).Result.DropReason);
        Assert.Equal(TranslationDropReason.MalformedPacket, Translate6To4(_translator, good[..^1], Outbound).Result.DropReason);

        byte[] hopByHopLate = Ipv6(Client6, Server6, 60, Concat(OptionsHeader(0), OptionsHeader(ProtoUdp), Udp(Client6, Server6, 1, 2, [])));
        Assert.Equal(TranslationDropReason.MalformedExtensionHeaders, Translate6To4(_translator, hopByHopLate, Outbound).Result.DropReason);

        byte[] tooMany = Ipv6(Client6, Server6, 60, Concat([.. Enumerable.Range(0, 9).Select(_ => OptionsHeader(60)), OptionsHeader(ProtoUdp), Udp(Client6, Server6, 1, 2, [])]));
        Assert.Equal(TranslationDropReason.TooManyExtensionHeaders, Translate6To4(_translator, tooMany, Outbound).Result.DropReason);
    }
}
