using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>RFC 7915 §4.1, §4.5: IPv4 → IPv6, compared byte for byte with packets built from scratch.</summary>
public class Translator4To6Tests
{
    private readonly Translator _translator = new();

    private static byte[] ServerUdp(byte[] data, byte ttl = 64, byte tos = 0, bool dontFragment = true, bool omitChecksum = false) =>
        Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, ServerPort, PoolPort, data, omitChecksum), ttl, tos, 0x4242, dontFragment);

    private static byte[] ExpectedUdp(byte[] data, byte hopLimit = 63, byte trafficClass = 0) =>
        Ipv6(Server6, Client6, ProtoUdp, Udp(Server6, Client6, ServerPort, ClientPort, data), hopLimit, trafficClass);

    [Fact]
    public void Udp_AddressesPortsHopLimitTrafficClassAndChecksumRewritten()
    {
        byte[] data = Data(100);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, ServerUdp(data, ttl: 50, tos: 0x48), Inbound);

        Assert.Equal(TranslationStatus.Translated, result.Status);
        AssertBytes(ExpectedUdp(data, hopLimit: 49, trafficClass: 0x48), output);
        AssertChecksums(output);
    }

    [Fact]
    public void Tcp_Rewritten()
    {
        byte[] data = Data(1000, 3);
        byte[] input = Ipv4(Server4, Pool4, ProtoTcp, Tcp(Server4, Pool4, 443, PoolPort, data, flags: 0x10), dontFragment: true);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, Mapping(Server6, Client6, 443, ClientPort));

        Assert.True(result.IsTranslated);
        AssertBytes(Ipv6(Server6, Client6, ProtoTcp, Tcp(Server6, Client6, 443, ClientPort, data, flags: 0x10), 63), output);
    }

    /// <summary>RFC 7915 §4.5: a zero IPv4 UDP checksum is computed for IPv6, where it is mandatory.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(77)]
    [InlineData(1400)]
    public void ZeroUdpChecksum_ComputedInFull(int length)
    {
        byte[] data = Data(length, length);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, ServerUdp(data, omitChecksum: true), Inbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data), output);
    }

    [Fact]
    public void ZeroUdpChecksumFragment_Dropped()
    {
        byte[] udp = Udp(Server4, Pool4, ServerPort, PoolPort, Data(100), omitChecksum: true);
        byte[] input = Ipv4(Server4, Pool4, ProtoUdp, udp[..64], moreFragments: true);

        (TranslationResult result, _) = Translate4To6(_translator, input, Inbound);

        Assert.Equal(TranslationDropReason.FragmentedZeroChecksumUdp, result.DropReason);
    }

    [Fact]
    public void Options_Ignored()
    {
        byte[] data = Data(10);
        byte[] input = Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, ServerPort, PoolPort, data), options: [1, 1, 7, 7, 4, 0, 0, 0, 0, 0, 0, 0]);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, Inbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data), output);
    }

    /// <summary>RFC 7915 §4.1: an unexpired source route → ICMPv4 Source Route Failed instead.</summary>
    [Fact]
    public void UnexpiredSourceRoute_SendSourceRouteFailed()
    {
        byte[] input = Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, 1, 2, Data(8)), options: [0x83, 7, 4, 192, 0, 2, 1, 0]);

        Assert.Equal(TranslationStatus.SendSourceRouteFailed, Translate4To6(_translator, input, Inbound).Result.Status);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void TtlExpiring_SendTimeExceeded(byte ttl)
    {
        Assert.Equal(TranslationStatus.SendTimeExceeded, Translate4To6(_translator, ServerUdp(Data(10), ttl), Inbound).Result.Status);
    }

    [Fact]
    public void TtlExpiringOnNonFirstFragment_DroppedWithoutError()
    {
        byte[] input = Ipv4(Server4, Pool4, ProtoUdp, Data(64), ttl: 1, fragmentOffset: 1480);

        (TranslationResult result, _) = Translate4To6(_translator, input, Inbound);

        Assert.Equal(TranslationDropReason.HopLimitExceeded, result.DropReason);
    }

    /// <summary>RFC 7915 §4.1: without DF a packet larger than 1280 once translated is split into IPv6 fragments that fit 1280, carrying the IPv4 Identification.</summary>
    [Fact]
    public void NoDfLargePacket_FragmentedTo1280()
    {
        byte[] data = Data(3000, 9);
        byte[] input = ServerUdp(data, dontFragment: false);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, Inbound);

        Assert.True(result.IsTranslated);
        Assert.Equal(3, result.PacketCount);
        byte[] udp6 = ExpectedUdp(data)[40..];
        List<byte[]> fragments = SplitPackets(output);
        Assert.Equal(3, fragments.Count);
        int offset = 0;
        for (int i = 0; i < fragments.Count; i++)
        {
            int size = fragments[i].Length - 48;
            Assert.True(fragments[i].Length <= 1280);
            Assert.Equal(i < 2 ? 1232 : udp6.Length - 2464, size);
            byte[] expected = Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoUdp, offset, more: i < 2, identification: 0x4242), udp6[offset..(offset + size)]), 63);
            AssertBytes(expected, fragments[i]);
            offset += size;
        }
    }

    [Fact]
    public void NoDfPacketThatFits_NoFragmentHeader()
    {
        byte[] data = Data(1232);   // 40 + 8 + 1232 = 1280

        (TranslationResult result, byte[] output) = Translate4To6(_translator, ServerUdp(data, dontFragment: false), Inbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data), output);
    }

    [Fact]
    public void LowestIpv6MtuRaised_NoDfPacketNotFragmented()
    {
        Translator translator = new(new TranslatorOptions { LowestIpv6Mtu = 1500 });
        byte[] data = Data(1400);

        (TranslationResult result, byte[] output) = Translate4To6(translator, ServerUdp(data, dontFragment: false), Inbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data), output);
    }

    [Fact]
    public void DfLargePacket_TranslatedWhole()
    {
        byte[] data = Data(1472);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, ServerUdp(data), Inbound);

        Assert.True(result.IsTranslated);
        Assert.Equal(1520, output.Length);
        AssertBytes(ExpectedUdp(data), output);
    }

    [Fact]
    public void DfPacketAboveIpv6Mtu_SendFragmentationNeededWithMtuMinus20()
    {
        Translator translator = new(new TranslatorOptions { Ipv6Mtu = 1400 });

        (TranslationResult result, _) = Translate4To6(translator, ServerUdp(Data(1472)), Inbound);

        Assert.Equal(TranslationStatus.SendFragmentationNeeded, result.Status);
        Assert.Equal(1380u, result.IcmpParameter);
    }

    /// <summary>RFC 7915 §4.1: IPv4 fragments get a Fragment header (Identification in the low 16 bits, offset and M copied).</summary>
    [Fact]
    public void Fragments_FragmentHeaderAddedAndChecksumUpdatedInTheFirst()
    {
        byte[] data = Data(1000, 4);
        byte[] udp4 = Udp(Server4, Pool4, ServerPort, PoolPort, data);
        byte[] udp6 = Udp(Server6, Client6, ServerPort, ClientPort, data);
        byte[] first = Ipv4(Server4, Pool4, ProtoUdp, udp4[..512], identification: 0x9999, moreFragments: true);
        byte[] second = Ipv4(Server4, Pool4, ProtoUdp, udp4[512..], identification: 0x9999, fragmentOffset: 512);

        (TranslationResult firstResult, byte[] firstOutput) = Translate4To6(_translator, first, Inbound);
        (TranslationResult secondResult, byte[] secondOutput) = Translate4To6(_translator, second, Inbound);

        Assert.True(firstResult.IsTranslated);
        Assert.True(secondResult.IsTranslated);
        AssertBytes(Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoUdp, 0, true, 0x9999), udp6[..512]), 63), firstOutput);
        AssertBytes(Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoUdp, 512, false, 0x9999), udp6[512..]), 63), secondOutput);
    }

    [Fact]
    public void EchoRequestAndReply_TypeIdentifierAndPseudoHeaderChecksum()
    {
        byte[] data = Data(56);
        foreach ((byte type4, byte type6) in new[] { ((byte)0, (byte)129), ((byte)8, (byte)128) })
        {
            byte[] input = Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(type4, 0, 0x2222_0009, data));

            (TranslationResult result, byte[] output) = Translate4To6(_translator, input, Mapping(Server6, Client6, 0x1111, 0));

            Assert.True(result.IsTranslated);
            AssertBytes(Ipv6(Server6, Client6, ProtoIcmpV6, IcmpV6(Server6, Client6, type6, 0, 0x1111_0009, data), 63), output);
        }
    }

    [Fact]
    public void LargeEchoWithoutDf_FragmentedAfterTheChecksumIsComputed()
    {
        byte[] data = Data(2000);
        byte[] input = Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(8, 0, 0x2222_0001, data));

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, Mapping(Server6, Client6, 0x1111, 0));

        Assert.True(result.IsTranslated);
        Assert.Equal(2, result.PacketCount);
        byte[] icmp6 = IcmpV6(Server6, Client6, 128, 0, 0x1111_0001, data);
        byte[] reassembled = Concat([.. SplitPackets(output).Select(fragment => fragment[48..])]);
        AssertBytes(icmp6, reassembled);
    }

    /// <summary>RFC 7915 §4.2: timestamps, information, address mask, router messages, source quench, redirect and unknown types are dropped.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(42)]
    public void IcmpWithoutCounterpart_Dropped(byte type)
    {
        byte[] input = Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(type, 0, 0, Data(28)));

        (TranslationResult result, _) = Translate4To6(_translator, input, Inbound);

        Assert.Equal(TranslationDropReason.UntranslatableIcmpType, result.DropReason);
    }

    [Fact]
    public void FragmentedIcmp_Dropped()
    {
        byte[] input = Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(8, 0, 1, Data(64)), moreFragments: true);

        Assert.Equal(TranslationDropReason.FragmentedIcmp, Translate4To6(_translator, input, Inbound).Result.DropReason);
    }

    /// <summary>IPv6-only protocol numbers inside IPv4 would forge ICMPv6 or extension headers: dropped.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(43)]
    [InlineData(44)]
    [InlineData(58)]
    [InlineData(60)]
    public void Ipv6OnlyProtocolInsideIpv4_Dropped(byte protocol)
    {
        byte[] input = Ipv4(Server4, Pool4, protocol, Data(40));

        Assert.Equal(TranslationDropReason.UntranslatableProtocol, Translate4To6(_translator, input, Inbound).Result.DropReason);
    }

    [Fact]
    public void ZeroTrafficClassOption_WritesZero()
    {
        Translator translator = new(new TranslatorOptions { ZeroTrafficClass = true });
        byte[] data = Data(10);

        (TranslationResult result, byte[] output) = Translate4To6(translator, ServerUdp(data, tos: 0xFF), Inbound);

        Assert.True(result.IsTranslated);
        AssertBytes(ExpectedUdp(data, trafficClass: 0), output);
    }

    [Fact]
    public void BadHeaderChecksumOrLength_Dropped()
    {
        byte[] input = ServerUdp(Data(10));
        input[10] ^= 0xFF;
        Assert.Equal(TranslationDropReason.MalformedPacket, Translate4To6(_translator, input, Inbound).Result.DropReason);
        Assert.Equal(TranslationDropReason.MalformedPacket, Translate4To6(_translator, ServerUdp(Data(10))[..^1], Inbound).Result.DropReason);
        Assert.Equal(TranslationDropReason.TruncatedTransportHeader,
            Translate4To6(_translator, Ipv4(Server4, Pool4, ProtoTcp, Data(19)), Inbound).Result.DropReason);
    }

    [Fact]
    public void OutputTooSmall_Dropped()
    {
        byte[] output = new byte[87];

        TranslationResult result = _translator.Translate4To6(ServerUdp(Data(40)), Inbound, output, out int written);

        Assert.Equal(TranslationDropReason.OutputTooSmall, result.DropReason);
        Assert.Equal(0, written);
    }

    [Fact]
    public void MaxOutputLength_CoversTheWorstCase()
    {
        Assert.True(_translator.MaxOutputLength4To6(65535) >= 65535 - 20 + (54 * 48));
        Assert.Equal(1280, _translator.MaxOutputLength4To6(28));
        Assert.Equal(8 + 20, _translator.MaxOutputLength6To4(48));
    }
}
