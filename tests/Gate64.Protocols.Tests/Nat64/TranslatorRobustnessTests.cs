using System.Buffers.Binary;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using static Gate64.Protocols.Tests.Ip.TestPackets;
using static Gate64.Protocols.Tests.Nat64.Nat64TestNetwork;

namespace Gate64.Protocols.Tests.Nat64;

/// <summary>Truncation, random mutation, allocation and checksum properties of the translator.</summary>
public class TranslatorRobustnessTests
{
    private const int Canary = 64;
    private const byte CanaryByte = 0xA5;

    [Fact]
    public void Seeds_AllReachTheirExpectedVerdicts()
    {
        Translator translator = new();
        int translated = 0;
        foreach ((byte[] packet, Nat64Mapping mapping) in TranslatorSeeds.Ipv6Packets())
        {
            (TranslationResult result, byte[] output) = Translate6To4(translator, packet, mapping);
            if (result.IsTranslated)
            {
                translated++;
                SplitPackets(output).ForEach(p => AssertChecksums(p));
            }
        }
        foreach ((byte[] packet, Nat64Mapping mapping) in TranslatorSeeds.Ipv4Packets())
        {
            (TranslationResult result, byte[] output) = Translate4To6(translator, packet, mapping);
            if (result.IsTranslated)
            {
                translated++;
                SplitPackets(output).ForEach(p => AssertChecksums(p));
            }
        }
        Assert.True(translated >= 28, $"{translated} seeds translated");
    }

    [Fact]
    public void EveryTruncationOfEverySeed_Dropped()
    {
        Translator translator = new();
        int checkedCount = 0;
        foreach ((byte[] packet, Nat64Mapping mapping) in TranslatorSeeds.Ipv6Packets())
        {
            byte[] output = new byte[translator.MaxOutputLength6To4(packet.Length)];
            for (int length = 0; length < packet.Length; length++)
            {
                TranslationResult result = translator.Translate6To4(packet.AsSpan(0, length), mapping, output, out int written);
                Assert.True(result.Status == TranslationStatus.Drop, $"6→4 seed cut to {length}: {result}");
                Assert.Equal(0, written);
                checkedCount++;
            }
        }
        foreach ((byte[] packet, Nat64Mapping mapping) in TranslatorSeeds.Ipv4Packets())
        {
            byte[] output = new byte[translator.MaxOutputLength4To6(packet.Length)];
            for (int length = 0; length < packet.Length; length++)
            {
                TranslationResult result = translator.Translate4To6(packet.AsSpan(0, length), mapping, output, out int written);
                Assert.True(result.Status == TranslationStatus.Drop, $"4→6 seed cut to {length}: {result}");
                Assert.Equal(0, written);
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 20000);
    }

    /// <summary>
    /// 20,000 mutations (bit flips, overwrites, length fields, cuts, insertions), with the IPv4 header and ICMP
    /// checksums often repaired so the mutations reach the quoted packets. Nothing throws, nothing is written
    /// outside the output, and every translated packet has consistent lengths and a valid IPv4 header checksum.
    /// </summary>
    [Fact]
    public void RandomMutations_NeverThrowNorWriteOutsideTheOutput()
    {
        Random random = new(7915);
        Translator translator = new(new TranslatorOptions { Ipv4Mtu = 1400, Ipv6Mtu = 1500 });
        (byte[] Packet, Nat64Mapping Mapping)[] seeds = [.. TranslatorSeeds.Ipv6Packets(), .. TranslatorSeeds.Ipv4Packets()];
        Dictionary<TranslationStatus, int> verdicts = [];
        Dictionary<TranslationDropReason, int> reasons = [];
        byte[] buffer = new byte[70_000 + (2 * Canary)];
        byte[] error = new byte[1400];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            (byte[] seed, Nat64Mapping mapping) = seeds[iteration % seeds.Length];
            byte[] input = Mutate(random, seed);
            bool as6 = random.Next(8) != 0 ? seed[0] >> 4 == 6 : random.Next(2) == 0;
            int capacity = Math.Min(as6 ? translator.MaxOutputLength6To4(input.Length) : translator.MaxOutputLength4To6(input.Length), 70_000);
            Span<byte> before = buffer.AsSpan(0, Canary);
            Span<byte> after = buffer.AsSpan(Canary + capacity, Canary);
            before.Fill(CanaryByte);
            after.Fill(CanaryByte);
            Span<byte> output = buffer.AsSpan(Canary, capacity);

            TranslationResult result = as6
                ? translator.Translate6To4(input, mapping, output, out int written)
                : translator.Translate4To6(input, mapping, output, out written);

            verdicts[result.Status] = verdicts.GetValueOrDefault(result.Status) + 1;
            reasons[result.DropReason] = reasons.GetValueOrDefault(result.DropReason) + 1;
            Assert.True(before.IndexOfAnyExcept(CanaryByte) < 0 && after.IndexOfAnyExcept(CanaryByte) < 0, "wrote outside the output");
            if (result.IsTranslated)
            {
                AssertWellFormed(output[..written].ToArray(), as6 ? 4 : 6, result.PacketCount);
            }
            else
            {
                Assert.Equal(0, written);
                if (result.Status != TranslationStatus.Drop)
                {
                    bool built = IcmpErrorBuilder.TryBuild(result, input, as6 ? Address(Router6) : Address(Pool4), error, out int errorLength);
                    Assert.True(built ? errorLength is > 28 and <= 1280 : errorLength == 0);
                }
            }
            IcmpErrorBuilder.TryBuildDestinationUnreachable(input, Address(Pool4), 13, error, out _);
            IcmpErrorBuilder.TryBuildTimeExceeded(input, Address(Router6), error, out _);
        }

        // The mutations must reach every verdict and most drop reasons, or they are not exercising the translator.
        Assert.All(Enum.GetValues<TranslationStatus>(), status => Assert.True(verdicts.GetValueOrDefault(status) > 0, $"{status}: {string.Join(", ", verdicts)}"));
        Assert.True(reasons.Count >= 14, string.Join(", ", reasons));
    }

    /// <summary>Checksum property: 6→4 then 4→6 with the mapping reversed gives back the original packet (hop limit − 2), for random packets.</summary>
    [Fact]
    public void RandomPackets_RoundTripThroughBothDirections()
    {
        Random random = new(6052);
        Translator translator = new();
        byte[] v4 = new byte[2000];
        byte[] v6 = new byte[2000];
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            string client = RandomAddress(random, 16);
            string server6 = RandomAddress(random, 16);
            string pool = RandomAddress(random, 4);
            string server4 = RandomAddress(random, 4);
            ushort clientPort = (ushort)random.Next(65536);
            ushort serverPort = (ushort)random.Next(65536);
            ushort poolPort = (ushort)random.Next(65536);
            byte[] data = Data(random.Next(0, 1200), iteration);
            int kind = random.Next(3);
            (byte nextHeader, byte[] upper) = kind switch
            {
                0 => (ProtoUdp, Udp(client, server6, clientPort, serverPort, data)),
                1 => (ProtoTcp, Tcp(client, server6, clientPort, serverPort, data, (byte)random.Next(256))),
                _ => (ProtoIcmpV6, IcmpV6(client, server6, (byte)(128 + random.Next(2)), 0, ((uint)clientPort << 16) | (uint)random.Next(65536), data)),
            };
            byte[] packet = Ipv6(client, server6, nextHeader, upper, (byte)random.Next(3, 256), (byte)random.Next(256));
            bool isEcho = kind == 2;

            TranslationResult there = translator.Translate6To4(packet, Mapping(pool, server4, poolPort, serverPort), v4, out int written4);
            Assert.True(there.IsTranslated, there.ToString());
            AssertChecksums(v4.AsSpan(0, written4));   // the incremental update equals a full recompute
            TranslationResult back = translator.Translate4To6(v4.AsSpan(0, written4), Mapping(client, server6, clientPort, isEcho ? clientPort : serverPort), v6, out int written6);
            Assert.True(back.IsTranslated, back.ToString());

            byte[] expected = (byte[])packet.Clone();
            expected[7] -= 2;
            AssertBytes(expected, v6[..written6]);
        }
    }

    [Fact]
    public void RandomIpv4Packets_ChecksumsValidAfterTranslation()
    {
        Random random = new(791);
        Translator translator = new();
        byte[] output = new byte[8000];
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            string source = RandomAddress(random, 4);
            string destination = RandomAddress(random, 4);
            byte[] data = Data(random.Next(0, 3000), iteration);
            int kind = random.Next(4);
            byte[] upper = kind switch
            {
                0 => Udp(source, destination, 1, 2, data),
                1 => Udp(source, destination, 1, 2, data, omitChecksum: true),
                2 => Tcp(source, destination, 1, 2, data),
                _ => IcmpV4((byte)(random.Next(2) * 8), 0, 0x12345678, data),
            };
            byte protocol = kind switch { 0 or 1 => ProtoUdp, 2 => ProtoTcp, _ => ProtoIcmp };
            byte[] packet = Ipv4(source, destination, protocol, upper, ttl: 64, dontFragment: random.Next(2) == 0, identification: (ushort)iteration);
            Nat64Mapping mapping = Mapping(RandomAddress(random, 16), RandomAddress(random, 16), (ushort)random.Next(65536), (ushort)random.Next(65536));

            TranslationResult result = translator.Translate4To6(packet, mapping, output, out int written);

            Assert.True(result.IsTranslated, result.ToString());
            List<byte[]> packets = SplitPackets(output[..written]);
            Assert.Equal(result.PacketCount, packets.Count);
            if (packets.Count == 1)
            {
                AssertChecksums(packets[0]);
            }
            else
            {
                // Reassemble and check the transport checksum of the whole datagram.
                byte[] reassembled = Concat([.. packets.Select(p => p[48..])]);
                byte[] whole = Concat(packets[0][..40], reassembled);
                whole[6] = packets[0][40];   // the Fragment header's Next Header
                BinaryPrimitives.WriteUInt16BigEndian(whole.AsSpan(4), (ushort)reassembled.Length);
                AssertChecksums(whole);
                Assert.All(packets, p => Assert.True(p.Length <= 1280));
            }
        }
    }

    /// <summary>The hot path allocates nothing: 10,000 translations of every kind after warm-up.</summary>
    [Fact]
    public void Translate_TenThousandPackets_AllocateNothing()
    {
        Translator translator = new();
        (byte[] Packet, Nat64Mapping Mapping)[] v6 = TranslatorSeeds.Ipv6Packets();
        (byte[] Packet, Nat64Mapping Mapping)[] v4 = TranslatorSeeds.Ipv4Packets();
        byte[] output = new byte[8000];
        byte[] source6 = Address(Router6);
        byte[] source4 = Address(Pool4);
        int translated = RunAll(10_000);   // warm-up: every path JIT-compiled and tiered

        long before = GC.GetAllocatedBytesForCurrentThread();
        translated = RunAll(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(translated > 5000);

        int RunAll(int count)
        {
            int ok = 0;
            for (int i = 0; i < count; i++)
            {
                bool six = (i & 1) == 0;
                (byte[] packet, Nat64Mapping mapping) = six ? v6[(i >> 1) % v6.Length] : v4[(i >> 1) % v4.Length];
                TranslationResult result = six
                    ? translator.Translate6To4(packet, mapping, output, out _)
                    : translator.Translate4To6(packet, mapping, output, out _);
                if (result.IsTranslated)
                {
                    ok++;
                }
                else if (result.Status != TranslationStatus.Drop)
                {
                    IcmpErrorBuilder.TryBuild(result, packet, six ? source6 : source4, output, out _);
                }
            }
            return ok;
        }
    }

    private static void AssertWellFormed(byte[] output, int version, int packetCount)
    {
        int offset = 0;
        int packets = 0;
        while (offset < output.Length)
        {
            Assert.Equal(version, output[offset] >> 4);
            int length;
            if (version == 4)
            {
                Assert.Equal(IpParseError.None, Ipv4Header.TryValidate(output.AsSpan(offset), out Ipv4Header header));
                length = header.TotalLength;
            }
            else
            {
                Assert.Equal(IpParseError.None, Ipv6Header.TryValidate(output.AsSpan(offset), out Ipv6Header header));
                Assert.Equal(IpParseError.None, header.TryWalkExtensions(out _));
                length = header.Packet.Length;
            }
            offset += length;
            packets++;
        }
        Assert.Equal(output.Length, offset);
        Assert.Equal(packetCount, packets);
    }

    private static string RandomAddress(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return new System.Net.IPAddress(bytes).ToString();
    }

    /// <summary>Mutations aimed at length fields and the quoted packet, with checksums often repaired afterwards.</summary>
    internal static byte[] Mutate(Random random, byte[] seed)
    {
        List<byte> bytes = [.. seed];
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    // Header fields of the outer and quoted packets live in the first 120 bytes.
                    bytes[random.Next(Math.Min(bytes.Count, 120))] = (byte)(random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => random.Next(256) });
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, Data(random.Next(1, 16), random.Next()));
                    break;
                case 5:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
                case 6:
                    bytes.AddRange(Data(random.Next(1, 200), random.Next()));
                    break;
                default:
                    bytes[random.Next(Math.Min(bytes.Count, 60))] ^= 0x08;
                    break;
            }
        }
        byte[] result = [.. bytes];
        if (random.Next(4) != 0)
        {
            RepairChecksums(result);
        }
        return result;
    }

    private static void RepairChecksums(byte[] packet)
    {
        if (packet.Length >= 20 && packet[0] >> 4 == 4 && (packet[0] & 0xF) >= 5 && (packet[0] & 0xF) * 4 <= packet.Length)
        {
            int headerLength = (packet[0] & 0xF) * 4;
            packet[10] = 0;
            packet[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), ReferenceChecksum(packet[..headerLength]));
            int total = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)), packet.Length);
            if (packet[9] == ProtoIcmp && total >= headerLength + 8)
            {
                packet[headerLength + 2] = 0;
                packet[headerLength + 3] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(headerLength + 2), ReferenceChecksum(packet[headerLength..total]));
            }
        }
        else if (packet.Length >= 48 && packet[0] >> 4 == 6 && packet[6] == ProtoIcmpV6)
        {
            int end = Math.Min(40 + BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)), packet.Length);
            if (end >= 48)
            {
                packet[42] = 0;
                packet[43] = 0;
                byte[] message = packet[40..end];
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(42), ReferenceChecksum(PseudoHeader(packet[8..24], packet[24..40], ProtoIcmpV6, message.Length), message));
            }
        }
    }
}
