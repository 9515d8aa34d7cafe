using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>Valid packets of every kind the translator handles, with the mapping each one is translated with.</summary>
internal static class TranslatorSeeds
{
    private static readonly Nat64Mapping s_error6To4 = Mapping(Pool4, Server4, 0, 0).WithInner(
        System.Net.IPAddress.Parse(Server4), System.Net.IPAddress.Parse(Pool4), ServerPort, PoolPort);

    private static readonly Nat64Mapping s_error4To6 = Mapping(Router4In6, Client6, 0, 0).WithInner(
        System.Net.IPAddress.Parse(Client6), System.Net.IPAddress.Parse(Server6), ClientPort, ServerPort);

    public static (byte[] Packet, Nat64Mapping Mapping)[] Ipv6Packets()
    {
        byte[] udp = Udp(Client6, Server6, ClientPort, ServerPort, Data(64));
        byte[] bigUdp = Udp(Client6, Server6, ClientPort, ServerPort, Data(1800));
        byte[] tcp = Tcp(Client6, Server6, ClientPort, ServerPort, Data(120), options: [2, 4, 5, 0xB4]);
        byte[] inner = Ipv6(Server6, Client6, ProtoUdp, Udp(Server6, Client6, ServerPort, ClientPort, Data(40)), hopLimit: 60);
        byte[] innerTcp = Ipv6(Server6, Client6, ProtoTcp, Tcp(Server6, Client6, ServerPort, ClientPort, Data(30)), hopLimit: 60);
        byte[] innerEcho = Ipv6(Server6, Client6, ProtoIcmpV6, IcmpV6(Server6, Client6, 128, 0, 0x01020304, Data(20)), hopLimit: 60);
        byte[] innerWithOptions = Ipv6(Server6, Client6, 60, Concat(OptionsHeader(44), FragmentHeader(ProtoUdp, 0, true, 5), Udp(Server6, Client6, ServerPort, ClientPort, Data(40))), hopLimit: 60);
        byte[] extension = Rfc4884Extension();
        byte[] bigEcho = IcmpV6(Client6, Server6, 128, 0, 0x11110002, Data(2000));
        Nat64Mapping echoMapping = Mapping(Pool4, Server4, 0x2222, 0) with { EchoLength = bigEcho.Length };
        return
        [
            (Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 0, true, 0x0BAD_F00D), bigEcho[..1232])), echoMapping),
            (Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoIcmpV6, 1232, false, 0x0BAD_F00D), bigEcho[1232..])), echoMapping),
            (Ipv6(Client6, Server6, ProtoUdp, udp, trafficClass: 0x28), Outbound),
            (Ipv6(Client6, Server6, ProtoUdp, bigUdp), Outbound),
            (Ipv6(Client6, Server6, ProtoTcp, tcp), Outbound),
            (Ipv6(Client6, Server6, 0, Concat(OptionsHeader(43), RoutingHeader(60, 0, Server6), OptionsHeader(ProtoTcp), tcp)), Outbound),
            (Ipv6(Client6, Server6, 0, Concat(OptionsHeader(43), RoutingHeader(ProtoTcp, 1, Server6), tcp)), Outbound),
            (Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoUdp, 0, true, 0x12345678), bigUdp[..1232])), Outbound),
            (Ipv6(Client6, Server6, 44, Concat(FragmentHeader(ProtoUdp, 1232, false, 0x12345678), bigUdp[1232..])), Outbound),
            (Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, 128, 0, 0x11110001, Data(56))), Mapping(Pool4, Server4, 0x2222, 0)),
            (Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, 129, 0, 0x11110001, Data(1400))), Mapping(Pool4, Server4, 0x2222, 0)),
            (Ipv6(Client6, Server6, ProtoIcmpV6, IcmpV6(Client6, Server6, 135, 0, 0, Data(16))), Outbound),
            (Ipv6(Client6, Server6, ProtoUdp, udp, hopLimit: 1), Outbound),
            (Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, 1, 4, 0, inner)), s_error6To4),
            (Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, 2, 0, 1400, innerTcp)), s_error6To4),
            (Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, 3, 0, 0, innerEcho)), s_error6To4 with { InnerSourcePort = 0x0888 }),
            (Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, 4, 0, 7, innerWithOptions)), s_error6To4),
            (Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, 4, 1, 6, inner)), s_error6To4),
            (Ipv6(Router6, Server6, ProtoIcmpV6, IcmpV6(Router6, Server6, 3, 1, 16u << 24, Concat(inner, new byte[128 - inner.Length], extension))), s_error6To4),
        ];
    }

    public static (byte[] Packet, Nat64Mapping Mapping)[] Ipv4Packets()
    {
        byte[] udp = Udp(Server4, Pool4, ServerPort, PoolPort, Data(64));
        byte[] bigUdp = Udp(Server4, Pool4, ServerPort, PoolPort, Data(3000));
        byte[] tcp = Tcp(Server4, Pool4, ServerPort, PoolPort, Data(120), options: [2, 4, 5, 0xB4]);
        byte[] inner = Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, Data(40)), ttl: 2, identification: 0x5151);
        byte[] innerTcp = Ipv4(Pool4, Server4, ProtoTcp, Tcp(Pool4, Server4, PoolPort, ServerPort, Data(30)), ttl: 2);
        byte[] innerEcho = Ipv4(Pool4, Server4, ProtoIcmp, IcmpV4(8, 0, 0x08880001, Data(20)), ttl: 1);
        byte[] innerFragment = Ipv4(Pool4, Server4, ProtoUdp, Data(48), moreFragments: true, options: [1, 1, 1, 0]);
        byte[] extension = Rfc4884Extension();
        byte[] bigEcho = IcmpV4(0, 0, 0x22220003, Data(2500));
        Nat64Mapping echoMapping = Mapping(Server6, Client6, 0x1111, 0) with { EchoLength = bigEcho.Length };
        return
        [
            (Ipv4(Server4, Pool4, ProtoIcmp, bigEcho[..1480], identification: 0x0F0F, moreFragments: true), echoMapping),
            (Ipv4(Server4, Pool4, ProtoIcmp, bigEcho[1480..], identification: 0x0F0F, fragmentOffset: 1480), echoMapping),
            (Ipv4(Server4, Pool4, ProtoUdp, udp, tos: 0x28, dontFragment: true), Inbound),
            (Ipv4(Server4, Pool4, ProtoUdp, Udp(Server4, Pool4, ServerPort, PoolPort, Data(64), omitChecksum: true)), Inbound),
            (Ipv4(Server4, Pool4, ProtoUdp, bigUdp), Inbound),
            (Ipv4(Server4, Pool4, ProtoUdp, bigUdp, dontFragment: true), Inbound),
            (Ipv4(Server4, Pool4, ProtoTcp, tcp, options: [1, 1, 1, 0]), Inbound),
            (Ipv4(Server4, Pool4, ProtoTcp, tcp, options: [0x83, 7, 4, 203, 0, 113, 1, 0]), Inbound),
            (Ipv4(Server4, Pool4, ProtoUdp, bigUdp[..1480], moreFragments: true), Inbound),
            (Ipv4(Server4, Pool4, ProtoUdp, bigUdp[1480..], fragmentOffset: 1480), Inbound),
            (Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(0, 0, 0x22220001, Data(56))), Mapping(Server6, Client6, 0x1111, 0)),
            (Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(8, 0, 0x22220001, Data(2000))), Mapping(Server6, Client6, 0x1111, 0)),
            (Ipv4(Server4, Pool4, ProtoIcmp, IcmpV4(13, 0, 0, Data(12))), Inbound),
            (Ipv4(Server4, Pool4, ProtoUdp, udp, ttl: 1), Inbound),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(3, 3, 0, inner)), s_error4To6),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(3, 4, 1400, innerTcp)), s_error4To6),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(11, 0, 0, innerEcho)), s_error4To6 with { InnerSourcePort = 0x0777 }),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(12, 0, 9u << 24, innerFragment)), s_error4To6),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(3, 2, 0, inner)), s_error4To6),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(11, 1, 32u << 16, Concat(inner, new byte[128 - inner.Length], extension))), s_error4To6),
            (Ipv4(Router4, Pool4, ProtoIcmp, IcmpV4(3, 1, 0, Ipv4(Pool4, Server4, ProtoUdp, Udp(Pool4, Server4, PoolPort, ServerPort, Data(1400))))), s_error4To6),
        ];
    }
}
