using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>
/// RFC 7915 §4.2–4.3 and §5.2–5.3: ICMP errors, with their type/code/pointer/MTU mapped and the quoted packet
/// translated with the inner half of the mapping; every expected packet is built from scratch.
/// </summary>
public class TranslatorIcmpErrorTests
{
    private readonly Translator _translator = new();

    // 6→4: the client (or a router on its side) reports a problem with a packet the server sent it, which the
    // translator had turned into Server6:53 → Client6:5000. The ICMPv4 error goes Pool4 → Server4 and quotes
    // Server4:53 → Pool4:40000.
    private static readonly Nat64Mapping s_error6To4 = Mapping(Pool4, Server4, 0, 0).WithInner(
        System.Net.IPAddress.Parse(Server4), System.Net.IPAddress.Parse(Pool4), ServerPort, PoolPort);

    // 4→6: a router on the IPv4 side reports a problem with Pool4:40000 → Server4:53; the ICMPv6 error goes
    // Router4-in-prefix → Client6 and quotes Client6:5000 → Server6:53.
    private static readonly Nat64Mapping s_error4To6 = Mapping(Router4In6, Client6, 0, 0).WithInner(
        System.Net.IPAddress.Parse(Client6), System.Net.IPAddress.Parse(Server6), ClientPort, ServerPort);

    private static readonly byte[] s_innerData = Data(40, 77);

    private static byte[] Inner6() => Ipv6(Server6, Client6, ProtoUdp, Udp(Server6, Client6, ServerPort, ClientPort, s_innerData), hopLimit: 60);

    private static byte[] Inner4Translated() => Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, ServerPort, PoolPort, s_innerData), ttl: 60, identification: 0);

    private static byte[] Inner4() => Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, s_innerData), ttl: 3, identification: 0x5151);

    private static byte[] Inner6Translated() => Ipv6(Client6, Server6, ProtoUdp, Udp(Client6, Server6, ClientPort, ServerPort, s_innerData), hopLimit: 3);

    private static byte[] Error6(byte type, byte code, uint rest, byte[] quote, byte hopLimit = 64) =>
        Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, type, code, rest, quote), hopLimit);

    private static byte[] Error4(byte type, byte code, uint rest, byte[] quote, byte ttl = 64) =>
        Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(type, code, rest, quote), ttl);

    public static TheoryData<byte, byte, uint, byte, byte, uint> Map6To4 => new()
    {
        // Destination Unreachable: no route, beyond scope, address → host unreachable; prohibited → 10; port → 3.
        { 1, 0, 0, 3, 1, 0 },
        { 1, 1, 0, 3, 10, 0 },
        { 1, 2, 0, 3, 1, 0 },
        { 1, 3, 0, 3, 1, 0 },
        { 1, 4, 0, 3, 3, 0 },
        // Packet Too Big → Fragmentation Needed with MTU − 20.
        { 2, 0, 1500, 3, 4, 1480 },
        { 2, 0, 1280, 3, 4, 1260 },
        { 2, 0, 100_000, 3, 4, 65535 - 20 },   // the IPv6 next-hop MTU (65535 by default) − 20
        // Time Exceeded: code unchanged.
        { 3, 0, 0, 11, 0, 0 },
        { 3, 1, 0, 11, 1, 0 },
        // Parameter Problem: erroneous header field → 12/0 with the Figure 6 pointer; unrecognised next header → protocol unreachable.
        { 4, 0, 0, 12, 0, 0 << 24 },
        { 4, 0, 1, 12, 0, 1u << 24 },
        { 4, 0, 4, 12, 0, 2u << 24 },
        { 4, 0, 5, 12, 0, 2u << 24 },
        { 4, 0, 6, 12, 0, 9u << 24 },
        { 4, 0, 7, 12, 0, 8u << 24 },
        { 4, 0, 8, 12, 0, 12u << 24 },
        { 4, 0, 23, 12, 0, 12u << 24 },
        { 4, 0, 24, 12, 0, 16u << 24 },
        { 4, 0, 39, 12, 0, 16u << 24 },
        { 4, 1, 40, 3, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(Map6To4))]
    public void Error6To4_TypeCodeRestAndQuotedPacketTranslated(byte type6, byte code6, uint rest6, byte type4, byte code4, uint rest4)
    {
        byte[] input = Error6(type6, code6, rest6, Inner6());

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, s_error6To4);

        Assert.Equal(TranslationStatus.Translated, result.Status);
        byte[] expected = Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(type4, code4, rest4, Inner4Translated()), ttl: 63, identification: Identification(output));
        AssertBytes(expected, output);
        AssertChecksums(output);
    }

    public static TheoryData<byte, byte, uint, byte, byte, uint> Map4To6 => new()
    {
        { 3, 0, 0, 1, 0, 0 },
        { 3, 1, 0, 1, 0, 0 },
        { 3, 2, 0, 4, 1, 6 },        // protocol unreachable → Parameter Problem pointing at Next Header
        { 3, 3, 0, 1, 4, 0 },
        { 3, 5, 0, 1, 0, 0 },
        { 3, 6, 0, 1, 0, 0 },
        { 3, 7, 0, 1, 0, 0 },
        { 3, 8, 0, 1, 0, 0 },
        { 3, 9, 0, 1, 1, 0 },
        { 3, 10, 0, 1, 1, 0 },
        { 3, 11, 0, 1, 0, 0 },
        { 3, 12, 0, 1, 0, 0 },
        { 3, 13, 0, 1, 1, 0 },
        { 3, 15, 0, 1, 1, 0 },
        { 11, 0, 0, 3, 0, 0 },
        { 11, 1, 0, 3, 1, 0 },
        // Parameter Problem codes 0 and 2 with the Figure 3 pointer.
        { 12, 0, 0u << 24, 4, 0, 0 },
        { 12, 0, 1u << 24, 4, 0, 1 },
        { 12, 0, 2u << 24, 4, 0, 4 },
        { 12, 0, 3u << 24, 4, 0, 4 },
        { 12, 0, 8u << 24, 4, 0, 7 },
        { 12, 0, 9u << 24, 4, 0, 6 },
        { 12, 0, 12u << 24, 4, 0, 8 },
        { 12, 0, 15u << 24, 4, 0, 8 },
        { 12, 2, 16u << 24, 4, 0, 24 },
        { 12, 2, 19u << 24, 4, 0, 24 },
        // Fragmentation Needed → Packet Too Big with MTU + 20, never below 1280.
        { 3, 4, 1480, 2, 0, 1500 },
        { 3, 4, 1000, 2, 0, 1280 },
        { 3, 4, 65535, 2, 0, 65535 },
    };

    [Theory]
    [MemberData(nameof(Map4To6))]
    public void Error4To6_TypeCodeRestAndQuotedPacketTranslated(byte type4, byte code4, uint rest4, byte type6, byte code6, uint rest6)
    {
        byte[] input = Error4(type4, code4, rest4, Inner4());

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, s_error4To6);

        Assert.Equal(TranslationStatus.Translated, result.Status);
        byte[] expected = Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, type6, code6, rest6, Inner6Translated()), hopLimit: 63);
        AssertBytes(expected, output);
        AssertChecksums(output);
    }

    [Theory]
    [InlineData(1, 5, TranslationDropReason.UntranslatableIcmpCode)]     // source address failed ingress/egress policy
    [InlineData(1, 6, TranslationDropReason.UntranslatableIcmpCode)]
    [InlineData(1, 7, TranslationDropReason.UntranslatableIcmpCode)]
    [InlineData(4, 2, TranslationDropReason.UntranslatableIcmpCode)]     // unrecognised IPv6 option
    [InlineData(4, 3, TranslationDropReason.UntranslatableIcmpCode)]
    [InlineData(0, 0, TranslationDropReason.UntranslatableIcmpType)]
    [InlineData(5, 0, TranslationDropReason.UntranslatableIcmpType)]
    [InlineData(127, 0, TranslationDropReason.UntranslatableIcmpType)]
    public void Error6To4_WithoutCounterpart_Dropped(byte type, byte code, TranslationDropReason reason)
    {
        (TranslationResult result, _) = Translate6To4(_translator, Error6(type, code, 0, Inner6()), s_error6To4);

        Assert.Equal(reason, result.DropReason);
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(3u)]
    [InlineData(40u)]
    [InlineData(0xFFFF_FFFFu)]
    public void Error6To4_ParameterProblemPointerWithoutCounterpart_Dropped(uint pointer)
    {
        (TranslationResult result, _) = Translate6To4(_translator, Error6(4, 0, pointer, Inner6()), s_error6To4);

        Assert.Equal(TranslationDropReason.UntranslatableParameterProblemPointer, result.DropReason);
    }

    [Theory]
    [InlineData(3, 14, 0u, TranslationDropReason.UntranslatableIcmpCode)]   // host precedence violation
    [InlineData(3, 16, 0u, TranslationDropReason.UntranslatableIcmpCode)]
    [InlineData(12, 1, 0u, TranslationDropReason.UntranslatableIcmpCode)]   // missing a required option
    [InlineData(12, 3, 0u, TranslationDropReason.UntranslatableIcmpCode)]
    [InlineData(12, 0, 4u << 24, TranslationDropReason.UntranslatableParameterProblemPointer)]
    [InlineData(12, 0, 7u << 24, TranslationDropReason.UntranslatableParameterProblemPointer)]
    [InlineData(12, 0, 10u << 24, TranslationDropReason.UntranslatableParameterProblemPointer)]
    [InlineData(12, 0, 11u << 24, TranslationDropReason.UntranslatableParameterProblemPointer)]
    [InlineData(12, 2, 20u << 24, TranslationDropReason.UntranslatableParameterProblemPointer)]
    [InlineData(12, 0, 255u << 24, TranslationDropReason.UntranslatableParameterProblemPointer)]
    [InlineData(4, 0, 0u, TranslationDropReason.UntranslatableIcmpType)]    // source quench
    [InlineData(5, 1, 0u, TranslationDropReason.UntranslatableIcmpType)]    // redirect
    public void Error4To6_WithoutCounterpart_Dropped(byte type, byte code, uint rest, TranslationDropReason reason)
    {
        (TranslationResult result, _) = Translate4To6(_translator, Error4(type, code, rest, Inner4()), s_error4To6);

        Assert.Equal(reason, result.DropReason);
    }

    /// <summary>RFC 7915 §4.2: MTU 0 (a router without RFC 1191) → the greatest plateau below the quoted Total Length, plus 20, at least 1280.</summary>
    [Theory]
    [InlineData(1500, 1492 + 20)]
    [InlineData(1492, 1280)]          // plateau 1006 + 20 is below the IPv6 minimum
    [InlineData(9000, 8166 + 20)]
    public void FragmentationNeededWithoutMtu_UsesThePlateauBelowTheQuotedLength(int quotedTotalLength, uint expectedMtu)
    {
        byte[] quote = Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, s_innerData), identification: 0x5151, dontFragment: true, totalLength: quotedTotalLength);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, Error4(3, 4, 0, quote), s_error4To6);

        Assert.True(result.IsTranslated);
        Assert.Equal(expectedMtu, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(44)));
        AssertChecksums(output);
    }

    /// <summary>RFC 7915 §4.2: the translated MTU is also capped by the IPv6 next hop and the IPv4 next hop + 20.</summary>
    [Fact]
    public void FragmentationNeeded_CappedByConfiguredMtus()
    {
        Translator translator = new(new TranslatorOptions { Ipv6Mtu = 1400, Ipv4Mtu = 1500 });

        (TranslationResult result, byte[] output) = Translate4To6(translator, Error4(3, 4, 1480, Inner4()), s_error4To6);

        Assert.True(result.IsTranslated);
        Assert.Equal(1400u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(output.AsSpan(44)));
    }

    [Fact]
    public void PacketTooBig_CappedByConfiguredMtus()
    {
        Translator translator = new(new TranslatorOptions { Ipv4Mtu = 1300 });

        (TranslationResult result, byte[] output) = Translate6To4(translator, Error6(2, 0, 1500, Inner6()), s_error6To4);

        Assert.True(result.IsTranslated);
        Assert.Equal(1300, System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(26)));
    }

    [Fact]
    public void Error6To4_QuotedTcpAndEcho_PortsAndIdentifierRewritten()
    {
        byte[] tcpData = Data(20);
        byte[] tcpQuote = Ipv6(Server6, Client6, ProtoTcp, Tcp(Server6, Client6, 443, ClientPort, tcpData), hopLimit: 55);
        Nat64Mapping tcpMapping = s_error6To4 with { InnerSourcePort = 443 };
        (TranslationResult tcpResult, byte[] tcpOutput) = Translate6To4(_translator, Error6(1, 4, 0, tcpQuote), tcpMapping);
        Assert.True(tcpResult.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(3, 3, 0,
            Ipv4(Server4, Pool4, ProtoTcp, Tcp(Server4, Pool4, 443, PoolPort, tcpData), ttl: 55, identification: 0)), ttl: 63, identification: Identification(tcpOutput)), tcpOutput);

        // An echo request from the IPv4 side (through a static binding) that the client could not answer in time.
        byte[] echoData = Data(32);
        byte[] echoQuote = Ipv6(Server6, Client6, ProtoIcmpV6, IcmpV6(Server6, Client6, 128, 0, 0x0777_0001, echoData), hopLimit: 1);
        Nat64Mapping echoMapping = s_error6To4 with { InnerSourcePort = 0x0888 };
        (TranslationResult echoResult, byte[] echoOutput) = Translate6To4(_translator, Error6(3, 0, 0, echoQuote), echoMapping);
        Assert.True(echoResult.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(11, 0, 0,
            Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(8, 0, 0x0888_0001, echoData), ttl: 1, identification: 0)), ttl: 63, identification: Identification(echoOutput)), echoOutput);
    }

    [Fact]
    public void Error4To6_QuotedEchoAndMinimalTcpQuote_Rewritten()
    {
        byte[] echoData = Data(24);
        byte[] echoQuote = Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(8, 0, 0x0888_0003, echoData), ttl: 1, identification: 7);
        Nat64Mapping echoMapping = s_error4To6 with { InnerSourcePort = 0x0777 };
        (TranslationResult echoResult, byte[] echoOutput) = Translate4To6(_translator, Error4(11, 0, 0, echoQuote), echoMapping);
        Assert.True(echoResult.IsTranslated);
        AssertBytes(Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, 3, 0, 0,
            Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, 128, 0, 0x0777_0003, echoData), hopLimit: 1)), hopLimit: 63), echoOutput);

        // RFC 792's minimum quote: the IP header and 8 bytes, which cut the TCP header before its checksum.
        byte[] tcp4 = Tcp(Pool4, Server4, PoolPort, 443, Data(100));
        byte[] fullQuote = Ipv4(Pool4, Server4, ProtoTcp, tcp4, ttl: 9, identification: 1);
        Nat64Mapping tcpMapping = s_error4To6 with { InnerDestinationPort = 443 };
        (TranslationResult tcpResult, byte[] tcpOutput) = Translate4To6(_translator, Error4(3, 1, 0, fullQuote[..28]), tcpMapping);
        Assert.True(tcpResult.IsTranslated);
        byte[] tcp6 = Tcp(Client6, Server6, ClientPort, 443, Data(100));
        byte[] expectedQuote = Ipv6(Client6, Server6, ProtoTcp, tcp6, hopLimit: 9)[..48];   // the payload length still says 120
        AssertBytes(Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, 1, 0, 0, expectedQuote), hopLimit: 63), tcpOutput);
    }

    [Fact]
    public void QuotedFragment_FragmentFieldsTranslated()
    {
        // 4→6: a quoted first fragment gets a Fragment header with its Identification and M.
        byte[] udp4 = Udp(Pool4, Server4, PoolPort, ServerPort, Data(600));
        byte[] quote4 = Ipv4(Pool4, Server4, ProtoUdp, udp4[..200], ttl: 5, identification: 0xAAAA, moreFragments: true);
        (TranslationResult result4, byte[] output4) = Translate4To6(_translator, Error4(11, 1, 0, quote4), s_error4To6);
        Assert.True(result4.IsTranslated);
        byte[] udp6 = Udp(Client6, Server6, ClientPort, ServerPort, Data(600));
        AssertBytes(Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, 3, 1, 0,
            Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoUdp, 0, true, 0xAAAA), udp6[..200]), hopLimit: 5)), hopLimit: 63), output4);

        // 6→4: a quoted non-first fragment keeps its data and gets the IPv4 fragment fields.
        byte[] tail = Data(64);
        byte[] quote6 = Ipv6(Server6, Client6, 44, Concat(FragmentHeader(ProtoUdp, 1232, false, 0x00BB_CCDD), tail), hopLimit: 7);
        (TranslationResult result6, byte[] output6) = Translate6To4(_translator, Error6(3, 1, 0, quote6), s_error6To4);
        Assert.True(result6.IsTranslated);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(11, 1, 0,
            Ipv4(Server4, Pool4, ProtoUdp, tail, ttl: 7, identification: 0xCCDD, fragmentOffset: 1232)), ttl: 63, identification: Identification(output6)), output6);
    }

    /// <summary>RFC 7915 §4.3/§5.3: an error quoting an error is not translated.</summary>
    [Fact]
    public void NestedErrors_Dropped()
    {
        byte[] nested6 = Ipv6(Server6, Client6, ProtoIcmpV6, IcmpV6(Server6, Client6, 1, 4, 0, Inner6()));
        Assert.Equal(TranslationDropReason.NestedIcmpError, Translate6To4(_translator, Error6(3, 0, 0, nested6), s_error6To4).Result.DropReason);

        byte[] nested4 = Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(3, 3, 0, Inner4()));
        Assert.Equal(TranslationDropReason.NestedIcmpError, Translate4To6(_translator, Error4(11, 0, 0, nested4), s_error4To6).Result.DropReason);

        byte[] ndQuote = Ipv6(Server6, Client6, ProtoIcmpV6, IcmpV6(Server6, Client6, 135, 0, 0, Data(16)));
        Assert.Equal(TranslationDropReason.UntranslatableIcmpType, Translate6To4(_translator, Error6(1, 0, 0, ndQuote), s_error6To4).Result.DropReason);
    }

    [Fact]
    public void BadErrorChecksum_Dropped()
    {
        byte[] error6 = Error6(1, 4, 0, Inner6());
        error6[^1] ^= 0x40;
        Assert.Equal(TranslationDropReason.BadIcmpChecksum, Translate6To4(_translator, error6, s_error6To4).Result.DropReason);

        byte[] error4 = Error4(3, 3, 0, Inner4());
        error4[^1] ^= 0x40;
        Assert.Equal(TranslationDropReason.BadIcmpChecksum, Translate4To6(_translator, error4, s_error4To6).Result.DropReason);
    }

    [Fact]
    public void MalformedQuote_Dropped()
    {
        Assert.Equal(TranslationDropReason.MalformedInnerPacket, Translate6To4(_translator, Error6(1, 4, 0, Inner6()[..39]), s_error6To4).Result.DropReason);
        Assert.Equal(TranslationDropReason.MalformedInnerPacket, Translate6To4(_translator, Error6(1, 4, 0, Inner6()[..43]), s_error6To4).Result.DropReason);
        Assert.Equal(TranslationDropReason.MalformedInnerPacket, Translate4To6(_translator, Error4(3, 3, 0, Inner4()[..19]), s_error4To6).Result.DropReason);
        Assert.Equal(TranslationDropReason.MalformedInnerPacket, Translate4To6(_translator, Error4(3, 3, 0, Inner4()[..27]), s_error4To6).Result.DropReason);
    }

    [Fact]
    public void ErrorWithExpiringHopLimit_DroppedNotAnswered()
    {
        Assert.Equal(TranslationDropReason.HopLimitExceeded, Translate6To4(_translator, Error6(1, 4, 0, Inner6(), hopLimit: 1), s_error6To4).Result.DropReason);
        Assert.Equal(TranslationDropReason.HopLimitExceeded, Translate4To6(_translator, Error4(3, 3, 0, Inner4(), ttl: 1), s_error4To6).Result.DropReason);
    }

    /// <summary>RFC 4443 §2.4 (c): the ICMPv6 error is cut to 1280 bytes; the quoted header keeps the original length.</summary>
    [Fact]
    public void Error4To6_LongQuote_TruncatedTo1280()
    {
        byte[] data = Data(1400, 8);
        byte[] quote = Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, data), ttl: 3, identification: 0x5151);

        (TranslationResult result, byte[] output) = Translate4To6(_translator, Error4(3, 3, 0, quote), s_error4To6);

        Assert.True(result.IsTranslated);
        Assert.Equal(1280, output.Length);
        byte[] innerFull = Ipv6(Client6, Server6, ProtoUdp, Udp(Client6, Server6, ClientPort, ServerPort, data), hopLimit: 3);
        AssertBytes(Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, 1, 4, 0, innerFull[..1232]), hopLimit: 63), output);
    }

    /// <summary>RFC 7915 §5.2, RFC 4884: the original datagram is translated, padded to 32-bit words, and the extension follows with the length attribute in IPv4 words.</summary>
    [Fact]
    public void Error6To4_Rfc4884Extension_KeptWithLengthAdjusted()
    {
        byte[] extension = Rfc4884Extension();
        byte[] original = Concat(Inner6(), new byte[128 - Inner6().Length]);
        byte[] input = Error6(3, 0, (128 / 8) << 24, Concat(original, extension));

        (TranslationResult result, byte[] output) = Translate6To4(_translator, input, s_error6To4);

        Assert.True(result.IsTranslated);
        byte[] translatedOriginal = Concat(Inner4Translated(), new byte[128 - Inner4Translated().Length]);
        AssertBytes(Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(11, 0, (128 / 4) << 16, Concat(translatedOriginal, extension)), ttl: 63, identification: Identification(output)), output);
    }

    [Fact]
    public void Error4To6_Rfc4884Extension_KeptWithLengthAdjusted()
    {
        byte[] extension = Rfc4884Extension();
        byte[] original = Concat(Inner4(), new byte[128 - Inner4().Length]);
        byte[] input = Error4(3, 1, (128 / 4) << 16, Concat(original, extension));

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, s_error4To6);

        Assert.True(result.IsTranslated);
        // 40 + 108 = 148 bytes translated, padded to 152 (a multiple of 8): attribute 19.
        byte[] translatedOriginal = Concat(Inner6Translated(), new byte[152 - Inner6Translated().Length]);
        AssertBytes(Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, 1, 0, 19u << 24, Concat(translatedOriginal, extension)), hopLimit: 63), output);
    }

    [Fact]
    public void Rfc4884LengthAttributeBeyondTheData_TreatedAsNoExtension()
    {
        byte[] input = Error4(11, 0, 200u << 16, Inner4());

        (TranslationResult result, byte[] output) = Translate4To6(_translator, input, s_error4To6);

        Assert.True(result.IsTranslated);
        AssertBytes(Ipv6(Router4In6, Client6, ProtoIcmpV6, IcmpV6(Router4In6, Client6, 3, 0, 0, Inner6Translated()), hopLimit: 63), output);
    }
}
