using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

public class IcmpErrorBuilderTests
{
    private const string Translator6 = "2001:db8:64::cb00:7101";

    private static readonly byte[] s_translator6 = Address(Translator6);
    private static readonly byte[] s_translator4 = Address(Pool4);

    private static byte[] ClientUdp(int dataLength, byte hopLimit = 1) =>
        Ipv6(Client6, Server6, ProtoUdp, Udp(Client6, Server6, ClientPort, ServerPort, Data(dataLength)), hopLimit);

    private static byte[] ServerUdp(int dataLength, byte ttl = 1) =>
        Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, ServerPort, PoolPort, Data(dataLength)), ttl);

    private static byte[] Build(Func<byte[], (bool Ok, int Written)> build)
    {
        byte[] output = new byte[1500];
        (bool ok, int written) = build(output);
        Assert.True(ok);
        return output[..written];
    }

    [Fact]
    public void TimeExceededV6_QuotesThePacketWithPseudoHeaderChecksum()
    {
        byte[] offending = ClientUdp(100);

        byte[] error = Build(o => (IcmpErrorBuilder.TryBuildTimeExceeded(offending, s_translator6, o, out int w), w));

        AssertBytes(Ipv6(Translator6, Client6, ProtoIcmpV6, IcmpV6(Translator6, Client6, 3, 0, 0, offending)), error);
        AssertChecksums(error);
    }

    [Fact]
    public void TimeExceededV4_QuotesThePacketWithPrecedence6()
    {
        byte[] offending = ServerUdp(100);

        byte[] error = Build(o => (IcmpErrorBuilder.TryBuildTimeExceeded(offending, s_translator4, o, out int w), w));

        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(11, 0, 0, offending), tos: 0xC0, identification: 0), error);
        AssertChecksums(error);
    }

    [Fact]
    public void LongPackets_QuotedUpTo1280And576Bytes()
    {
        byte[] offending6 = ClientUdp(3000);
        byte[] error6 = Build(o => (IcmpErrorBuilder.TryBuildPacketTooBig(offending6, s_translator6, 1280, o, out int w), w));
        Assert.Equal(1280, error6.Length);
        AssertBytes(Ipv6(Translator6, Client6, ProtoIcmpV6, IcmpV6(Translator6, Client6, 2, 0, 1280, offending6[..1232])), error6);

        byte[] offending4 = ServerUdp(3000);
        byte[] error4 = Build(o => (IcmpErrorBuilder.TryBuildFragmentationNeeded(offending4, s_translator4, 1260, o, out int w), w));
        Assert.Equal(576, error4.Length);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(3, 4, 1260, offending4[..548]), tos: 0xC0, identification: 0), error4);
    }

    [Fact]
    public void DestinationUnreachable_BothFamiliesWithTheirCode()
    {
        byte[] offending6 = ClientUdp(20, 64);
        byte[] error6 = Build(o => (IcmpErrorBuilder.TryBuildDestinationUnreachable(offending6, s_translator6, 1, o, out int w), w));
        AssertBytes(Ipv6(Translator6, Client6, ProtoIcmpV6, IcmpV6(Translator6, Client6, 1, 1, 0, offending6)), error6);

        byte[] offending4 = ServerUdp(20, 64);
        byte[] error4 = Build(o => (IcmpErrorBuilder.TryBuildDestinationUnreachable(offending4, s_translator4, 13, o, out int w), w));
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(3, 13, 0, offending4), tos: 0xC0, identification: 0), error4);
    }

    [Fact]
    public void TryBuild_FromTranslationResults()
    {
        Translator translator = new(new TranslatorOptions { Ipv4Mtu = 1300, Ipv6Mtu = 1400 });
        byte[] output = new byte[4000];

        byte[] routed = Ipv6(Client6, Server6, 43, Concat(RoutingHeader(ProtoUdp, 1), Udp(Client6, Server6, 1, 2, Data(8))));
        TranslationResult problem = translator.Translate6To4(routed, Outbound, output, out _);
        byte[] problemError = Build(o => (IcmpErrorBuilder.TryBuild(problem, routed, s_translator6, o, out int w), w));
        AssertBytes(Ipv6(Translator6, Client6, ProtoIcmpV6, IcmpV6(Translator6, Client6, 4, 0, 43, routed)), problemError);

        byte[] big6 = ClientUdp(1400, 64);
        TranslationResult tooBig = translator.Translate6To4(big6, Outbound, output, out _);
        byte[] tooBigError = Build(o => (IcmpErrorBuilder.TryBuild(tooBig, big6, s_translator6, o, out int w), w));
        AssertBytes(Ipv6(Translator6, Client6, ProtoIcmpV6, IcmpV6(Translator6, Client6, 2, 0, 1320, big6[..1232])), tooBigError);

        byte[] big4 = Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, 1, 2, Data(1400)), dontFragment: true);
        TranslationResult needed = translator.Translate4To6(big4, Inbound, output, out _);
        byte[] neededError = Build(o => (IcmpErrorBuilder.TryBuild(needed, big4, s_translator4, o, out int w), w));
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(3, 4, 1380, big4[..548]), tos: 0xC0, identification: 0), neededError);

        byte[] sourceRouted = Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, 1, 2, Data(8)), options: [0x89, 7, 4, 192, 0, 2, 1, 0]);
        TranslationResult failed = translator.Translate4To6(sourceRouted, Inbound, output, out _);
        byte[] failedError = Build(o => (IcmpErrorBuilder.TryBuild(failed, sourceRouted, s_translator4, o, out int w), w));
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(3, 5, 0, sourceRouted), tos: 0xC0, identification: 0), failedError);

        TranslationResult expired = translator.Translate4To6(ServerUdp(10), Inbound, output, out _);
        Assert.True(IcmpErrorBuilder.TryBuild(expired, ServerUdp(10), s_translator4, output, out _));
        TranslationResult translated = translator.Translate4To6(ServerUdp(10, 64), Inbound, output, out _);
        Assert.False(IcmpErrorBuilder.TryBuild(translated, ServerUdp(10, 64), s_translator4, output, out _));
    }

    [Fact]
    public void ParameterProblemV4_PointerInTheFirstByte()
    {
        byte[] offending = ServerUdp(10);

        byte[] error = Build(o => (IcmpErrorBuilder.TryBuildIcmpV4(offending, s_translator4, IcmpV4Type.ParameterProblem, 0, 9, o, out int w), w));

        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(12, 0, 9u << 24, offending), tos: 0xC0, identification: 0), error);
    }

    [Fact]
    public void TrailingBytes_NotQuoted()
    {
        byte[] offending = ServerUdp(10);

        byte[] error = Build(o => (IcmpErrorBuilder.TryBuildTimeExceeded(Concat(offending, [9, 9, 9]), s_translator4, o, out int w), w));

        Assert.Equal(28 + offending.Length, error.Length);
    }

    [Fact]
    public void Refused_AboutErrorsFragmentsAndNonUnicast()
    {
        byte[] output = new byte[1500];

        byte[] error6 = Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, 1, 4, 0, ClientUdp(10)));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(error6, s_translator6, output, out _));
        byte[] error4 = Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(3, 3, 0, ServerUdp(10)));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(error4, s_translator4, output, out _));

        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(Ipv4(Server4, Pool4, ProtoUdp, Data(16), fragmentOffset: 8), s_translator4, output, out _));
        Assert.True(IcmpErrorBuilder.TryBuildTimeExceeded(Ipv4(Server4, Pool4, ProtoUdp, Data(16), moreFragments: true), s_translator4, output, out _));

        foreach (string source in new[] { "0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255", "240.0.0.1" })
        {
            Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(Ipv4(source, Pool4, ProtoUdp, Udp(source, Pool4, 1, 2, [])), s_translator4, output, out _), source);
        }
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(Ipv4(Server4, "239.1.1.1", ProtoUdp, Udp(Server4, "239.1.1.1", 1, 2, [])), s_translator4, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(Ipv6("::", Server6, ProtoUdp, Udp("::", Server6, 1, 2, [])), s_translator6, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(Ipv6("ff02::1", Server6, ProtoUdp, Udp("ff02::1", Server6, 1, 2, [])), s_translator6, output, out _));
        byte[] toMulticast = Ipv6(Client6, "ff0e::1", ProtoUdp, Udp(Client6, "ff0e::1", 1, 2, []));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(toMulticast, s_translator6, output, out _));
        Assert.True(IcmpErrorBuilder.TryBuildPacketTooBig(toMulticast, s_translator6, 1280, output, out _));
    }

    [Fact]
    public void Refused_BadArguments()
    {
        byte[] output = new byte[1500];
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(ClientUdp(10), s_translator4, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(ServerUdp(10), s_translator6, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildIcmpV6(ClientUdp(10), s_translator6, IcmpV6Type.EchoReply, 0, 0, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildIcmpV4(ServerUdp(10), s_translator4, IcmpV4Type.EchoReply, 0, 0, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded(ClientUdp(10), s_translator6, new byte[40 + 8 + 10], out int written));
        Assert.Equal(0, written);
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded([], s_translator6, output, out _));
        Assert.False(IcmpErrorBuilder.TryBuildTimeExceeded([0x70], s_translator6, output, out _));
    }

    [Fact]
    public void EveryTruncation_NeverThrows()
    {
        byte[] output = new byte[1500];
        foreach (byte[] packet in new[] { ClientUdp(100), ServerUdp(100), Ipv6(Client6, Server6, 0, Concat(OptionsHeader(ProtoIcmpV6), IcmpV6(Client6, Server6, 128, 0, 0, Data(20)))) })
        {
            for (int length = 0; length <= packet.Length; length++)
            {
                if (IcmpErrorBuilder.TryBuildTimeExceeded(packet.AsSpan(0, length), packet[0] >> 4 == 6 ? s_translator6 : s_translator4, output, out int written))
                {
                    AssertChecksums(output.AsSpan(0, written));
                }
            }
        }
    }
}
