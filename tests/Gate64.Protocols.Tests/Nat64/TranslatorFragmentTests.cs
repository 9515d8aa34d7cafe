using System.Buffers.Binary;
using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>
/// Fragments through the translator, both ways: each fragment is translated alone (the caller supplies the mapping
/// its first fragment got), and the data of the translated fragments put back together must be the datagram
/// translated whole: ports and checksum in the first fragment only, ICMP echo with the pseudo-header moved using the
/// whole message's length.
/// </summary>
public class TranslatorFragmentTests
{
    private readonly Translator _translator = new();

    [Fact]
    public void EchoFragments6To4_ReassembleToTheTranslatedEcho()
    {
        byte[] data = Data(3000, 3);
        byte[] echo6 = IcmpV6(Client6, Server6, 128, 0, 0x1111_0005, data);
        byte[] first = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 0, more: true, identification: 0x0102_0304), echo6[..1448]));
        byte[] middle = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 1448, more: true, identification: 0x0102_0304), echo6[1448..2896]));
        byte[] last = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 2896, more: false, identification: 0x0102_0304), echo6[2896..]));
        Nat64Mapping mapping = Mapping(Pool4, Server4, 0x2222, 0) with { EchoLength = echo6.Length };

        // Any order: non-first fragments only need the addresses.
        (TranslationResult lastResult, byte[] lastOutput) = Translate6To4(_translator, last, mapping);
        (TranslationResult middleResult, byte[] middleOutput) = Translate6To4(_translator, middle, mapping);
        (TranslationResult firstResult, byte[] firstOutput) = Translate6To4(_translator, first, mapping);

        Assert.True(firstResult.IsTranslated && middleResult.IsTranslated && lastResult.IsTranslated);
        byte[] echo4 = IcmpV4(8, 0, 0x2222_0005, data);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, echo4[..1448], ttl: 63, identification: 0x0304, moreFragments: true), firstOutput);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, echo4[1448..2896], ttl: 63, identification: 0x0304, moreFragments: true, fragmentOffset: 1448), middleOutput);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, echo4[2896..], ttl: 63, identification: 0x0304, fragmentOffset: 2896), lastOutput);
    }

    [Fact]
    public void EchoFragments4To6_ReassembleToTheTranslatedEcho()
    {
        byte[] data = Data(3000, 4);
        byte[] echo4 = IcmpV4(0, 0, 0x2222_0006, data);
        byte[] first = Ipv4(Server4, Pool4, ProtoIcmp, echo4[..1200], identification: 0x7777, moreFragments: true);
        byte[] last = Ipv4(Server4, Pool4, ProtoIcmp, echo4[1200..], identification: 0x7777, fragmentOffset: 1200);
        Nat64Mapping mapping = Mapping(Server6, Client6, 0x1111, 0) with { EchoLength = echo4.Length };

        (TranslationResult firstResult, byte[] firstOutput) = Translate4To6(_translator, first, mapping);
        (TranslationResult lastResult, byte[] lastOutput) = Translate4To6(_translator, last, mapping);

        Assert.True(firstResult.IsTranslated && lastResult.IsTranslated);
        Assert.Equal(1, firstResult.PacketCount);
        Assert.Equal(2, lastResult.PacketCount);   // 1808 bytes of data do not fit 1280 with 48 bytes of headers
        byte[] echo6 = IcmpV6(Server6, Client6, 129, 0, 0x1111_0006, data);
        AssertBytes(Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoIcmpV6, 0, true, 0x7777), echo6[..1200]), 63), firstOutput);
        List<byte[]> tail = SplitPackets(lastOutput);
        AssertBytes(Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoIcmpV6, 1200, true, 0x7777), echo6[1200..2432]), 63), tail[0]);
        AssertBytes(Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoIcmpV6, 2432, false, 0x7777), echo6[2432..]), 63), tail[1]);
    }

    [Fact]
    public void EchoFragmentWithExtensionHeaderAfterTheFragmentHeader_LengthCountsTheMessageOnly()
    {
        byte[] data = Data(2000, 6);
        byte[] echo6 = IcmpV6(Client6, Server6, 128, 0, 0x1111_0001, data);
        byte[] fragmentable = Concat(OptionsHeader(ProtoIcmpV6), echo6);
        byte[] first = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(60, 0, more: true, identification: 5), fragmentable[..1200]));
        Nat64Mapping mapping = Mapping(Pool4, Server4, 0x2222, 0) with { EchoLength = echo6.Length };

        (TranslationResult result, byte[] output) = Translate6To4(_translator, first, mapping);

        Assert.True(result.IsTranslated);
        byte[] echo4 = IcmpV4(8, 0, 0x2222_0001, data);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, echo4[..(1200 - 8)], ttl: 63, identification: 5, moreFragments: true), output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(70000)]
    public void FirstEchoFragmentWithoutAUsableLength_Dropped(int echoLength)
    {
        byte[] echo6 = IcmpV6(Client6, Server6, 128, 0, 1, Data(2000));
        byte[] first6 = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 0, more: true, identification: 9), echo6[..1232]));
        byte[] first4 = Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(8, 0, 1, Data(2000))[..1232], moreFragments: true);

        Assert.Equal(TranslationDropReason.FragmentedIcmp, Translate6To4(_translator, first6, Outbound with { EchoLength = echoLength }).Result.DropReason);
        Assert.Equal(TranslationDropReason.FragmentedIcmp, Translate4To6(_translator, first4, Inbound with { EchoLength = echoLength }).Result.DropReason);
    }

    [Fact]
    public void FragmentedIcmpError_DroppedWhateverTheLength()
    {
        byte[] error = IcmpV6(Client6, Server6, 1, 4, 0, Data(1400));
        byte[] first = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 0, more: true, identification: 9), error[..1232]));

        Assert.Equal(TranslationDropReason.FragmentedIcmp, Translate6To4(_translator, first, Outbound with { EchoLength = error.Length }).Result.DropReason);
    }

    /// <summary>The TCP checksum covers the whole segment; the first fragment's is updated for the new addresses and ports only.</summary>
    [Fact]
    public void TcpFragments6To4_ChecksumOfTheReassembledSegmentVerifies()
    {
        byte[] data = Data(2500, 8);
        byte[] tcp6 = Tcp(Client6, Server6, ClientPort, 443, data);
        byte[] first = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoTcp, 0, more: true, identification: 0xFFFF_0001), tcp6[..1000]));
        byte[] last = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoTcp, 1000, more: false, identification: 0xFFFF_0001), tcp6[1000..]));
        Nat64Mapping mapping = Mapping(Pool4, Server4, PoolPort, 443);

        byte[] firstOutput = Translate6To4(_translator, first, mapping).Output;
        byte[] lastOutput = Translate6To4(_translator, last, mapping).Output;

        byte[] reassembled = Concat(firstOutput[20..], lastOutput[20..]);
        AssertBytes(Tcp(Pool4, Server4, PoolPort, 443, data), reassembled);
        Assert.Equal(0x0001, Identification(firstOutput));
        Assert.Equal(ProtoTcp, lastOutput[9]);
    }

    [Fact]
    public void UdpFragments4To6_ChecksumOfTheReassembledDatagramVerifies()
    {
        byte[] data = Data(1800, 9);
        byte[] udp4 = Udp(Server4, Pool4, ServerPort, PoolPort, data);
        byte[] first = Ipv4(Server4, Pool4, ProtoUdp, udp4[..1480], identification: 0x0BAD, moreFragments: true);
        byte[] last = Ipv4(Server4, Pool4, ProtoUdp, udp4[1480..], identification: 0x0BAD, fragmentOffset: 1480);

        (TranslationResult firstResult, byte[] firstOutput) = Translate4To6(_translator, first, Inbound);
        byte[] lastOutput = Translate4To6(_translator, last, Inbound).Output;

        Assert.Equal(2, firstResult.PacketCount);   // 1480 bytes re-fragmented to fit 1280
        byte[] reassembled = Concat([.. SplitPackets(firstOutput).Concat(SplitPackets(lastOutput)).Select(fragment => fragment[48..])]);
        AssertBytes(Udp(Server6, Client6, ServerPort, ClientPort, data), reassembled);
        Assert.All(SplitPackets(firstOutput).Concat(SplitPackets(lastOutput)),
            fragment => Assert.Equal(0x0BADu, BinaryPrimitives.ReadUInt32BigEndian(fragment.AsSpan(44))));
    }

    [Fact]
    public void NonFirstIcmpFragmentInsideTheOtherFamily_StillDropped()
    {
        // ICMPv4 (1) fragments inside IPv6 and ICMPv6 (58) fragments inside IPv4 stay untranslatable.
        byte[] v6 = Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmp, 1232, more: false, identification: 1), Data(100)));
        byte[] v4 = Ipv4(Server4, Pool4, ProtoIcmpV6, Data(100), fragmentOffset: 1232);

        Assert.Equal(TranslationDropReason.UntranslatableProtocol, Translate6To4(_translator, v6, Outbound).Result.DropReason);
        Assert.Equal(TranslationDropReason.UntranslatableProtocol, Translate4To6(_translator, v4, Inbound).Result.DropReason);
    }
}
