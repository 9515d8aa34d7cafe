using System.Buffers.Binary;
using System.Net;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using Gate64.Protocols.Tests.Ip;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>
/// The addresses of the translator tests (documentation ranges, network-specific prefix 2001:db8:64::/96):
/// an IPv6-only client, an IPv4 server reached through the prefix, the pool address the client is mapped to,
/// and routers on both sides that send errors.
/// </summary>
internal static class Nat64TestNetwork
{
    public const string Client6 = "2001:db8:1::2";
    public const string Router6 = "2001:db8:1::1";
    public const string Server4 = "198.51.100.10";
    public const string Pool4 = "203.0.113.1";
    public const string Router4 = "192.0.2.254";
    public const ushort ClientPort = 5000;
    public const ushort PoolPort = 40000;
    public const ushort ServerPort = 53;

    public static readonly Nat64Prefix Prefix = Nat64Prefix.Parse("2001:db8:64::/96");

    public static string Server6 => Prefix.Embed(IPAddress.Parse(Server4)).ToString();

    public static string Router4In6 => Prefix.Embed(IPAddress.Parse(Router4)).ToString();

    /// <summary>Client6:ClientPort → Server6:ServerPort becomes Pool4:PoolPort → Server4:ServerPort.</summary>
    public static Nat64Mapping Outbound => Mapping(Pool4, Server4, PoolPort, ServerPort);

    /// <summary>Server4:ServerPort → Pool4:PoolPort becomes Server6:ServerPort → Client6:ClientPort.</summary>
    public static Nat64Mapping Inbound => Mapping(Server6, Client6, ServerPort, ClientPort);

    public static Nat64Mapping Mapping(string source, string destination, ushort sourcePort, ushort destinationPort) =>
        Nat64Mapping.Create(IPAddress.Parse(source), IPAddress.Parse(destination), sourcePort, destinationPort);

    public static (TranslationResult Result, byte[] Output) Translate6To4(Translator translator, byte[] packet, Nat64Mapping mapping)
    {
        byte[] output = new byte[translator.MaxOutputLength6To4(packet.Length)];
        TranslationResult result = translator.Translate6To4(packet, mapping, output, out int written);
        Assert.True(result.IsTranslated || written == 0);
        return (result, output[..written]);
    }

    public static (TranslationResult Result, byte[] Output) Translate4To6(Translator translator, byte[] packet, Nat64Mapping mapping)
    {
        byte[] output = new byte[translator.MaxOutputLength4To6(packet.Length)];
        TranslationResult result = translator.Translate4To6(packet, mapping, output, out int written);
        Assert.True(result.IsTranslated || written == 0);
        return (result, output[..written]);
    }

    public static ushort Identification(byte[] ipv4Packet) => BinaryPrimitives.ReadUInt16BigEndian(ipv4Packet.AsSpan(4));

    /// <summary>Asserts equal bytes, showing both in hex on failure.</summary>
    public static void AssertBytes(byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            int at = 0;
            while (at < Math.Min(expected.Length, actual.Length) && expected[at] == actual[at])
            {
                at++;
            }
            Assert.Fail($"first difference at byte {at} (lengths {expected.Length}/{actual.Length})\nexpected {TestPackets.Hex(expected)}\nactual   {TestPackets.Hex(actual)}");
        }
    }

    /// <summary>Splits back-to-back IPv4 or IPv6 packets using their length fields.</summary>
    public static List<byte[]> SplitPackets(byte[] output)
    {
        List<byte[]> packets = [];
        int offset = 0;
        while (offset < output.Length)
        {
            int length = output[offset] >> 4 == 4
                ? BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(offset + 2))
                : 40 + BinaryPrimitives.ReadUInt16BigEndian(output.AsSpan(offset + 4));
            packets.Add(output[offset..(offset + length)]);
            offset += length;
        }
        return packets;
    }
}
