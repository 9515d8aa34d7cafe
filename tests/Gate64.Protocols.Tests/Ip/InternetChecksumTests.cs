using System.Buffers.Binary;
using Gate64.Protocols.Ip;
using static Gate64.Protocols.Tests.Ip.TestPackets;

namespace Gate64.Protocols.Tests.Ip;

public class InternetChecksumTests
{
    [Fact]
    public void Add_Rfc1071Example_GivesTheSum()
    {
        // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2 (one's complement, end-around carry).
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];

        Assert.Equal(0xddf2u, InternetChecksum.Add(0, data));
        Assert.Equal((ushort)0x220d, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Compute_KnownIpv4Header_GivesItsChecksum()
    {
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");

        Assert.Equal((ushort)0xb861, InternetChecksum.Compute(header));
    }

    [Fact]
    public void Add_OddLength_PadsTheLastByteWithZero()
    {
        Assert.Equal(0xAB00u, InternetChecksum.Add(0, [0xAB]));
        Assert.Equal(0x0102u + 0x0300u, InternetChecksum.Add(0, [0x01, 0x02, 0x03]));
    }

    [Fact]
    public void Add_Empty_IsIdentity()
    {
        Assert.Equal(0x1234u, InternetChecksum.Add(0x1234, ReadOnlySpan<byte>.Empty));
        Assert.Equal((ushort)0xFFFF, InternetChecksum.Compute([]));
    }

    [Fact]
    public void Add_RandomDataOfEveryLengthUpTo300_MatchesTheReference()
    {
        Random random = new(1071);
        for (int length = 0; length <= 300; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);

            Assert.Equal(ReferenceChecksum(data), InternetChecksum.Compute(data));
        }
    }

    [Fact]
    public void Add_RandomLargeDataSplitAtEvenOffsets_MatchesTheReference()
    {
        Random random = new(1624);
        for (int iteration = 0; iteration < 500; iteration++)
        {
            byte[] data = new byte[random.Next(0, 65536)];
            random.NextBytes(data);
            int split = random.Next(0, data.Length / 2 + 1) * 2;

            uint sum = InternetChecksum.Add(InternetChecksum.Add(0, data.AsSpan(0, split)), data.AsSpan(split));

            Assert.Equal(ReferenceChecksum(data), InternetChecksum.Finish(sum));
        }
    }

    [Fact]
    public void Add_AllOnesData_NeverLosesCarries()
    {
        byte[] data = new byte[65535];
        Array.Fill(data, (byte)0xFF);

        Assert.Equal(ReferenceChecksum(data), InternetChecksum.Compute(data));
    }

    [Fact]
    public void Verifies_DataIncludingItsChecksum_IsTrue()
    {
        byte[] header = Convert.FromHexString("45000073000040004011b861c0a80001c0a800c7");

        Assert.True(InternetChecksum.Verifies(InternetChecksum.Add(0, header)));
        header[19] ^= 1;
        Assert.False(InternetChecksum.Verifies(InternetChecksum.Add(0, header)));
    }

    [Fact]
    public void WordHelpers_MatchTheSpanSum()
    {
        Random random = new(4);
        for (int iteration = 0; iteration < 1000; iteration++)
        {
            byte[] bytes = new byte[16];
            random.NextBytes(bytes);
            UInt128 value128 = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            uint value32 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            uint start = (uint)random.Next(0, 0x10000);

            Assert.Equal(InternetChecksum.Add(start, bytes), InternetChecksum.AddUInt128(start, value128));
            Assert.Equal(InternetChecksum.Add(start, bytes.AsSpan(0, 4)), InternetChecksum.AddUInt32(start, value32));
            Assert.Equal(InternetChecksum.Add(start, bytes.AsSpan(0, 2)), InternetChecksum.AddWord(start, BinaryPrimitives.ReadUInt16BigEndian(bytes)));
        }
    }

    [Fact]
    public void PseudoHeaders_MatchTheReferenceLayout()
    {
        byte[] v4Source = Address("192.0.2.1");
        byte[] v4Destination = Address("198.51.100.7");
        byte[] v6Source = Address("2001:db8::1");
        byte[] v6Destination = Address("2001:db8:64::c633:6407");

        Assert.Equal(
            (ushort)~ReferenceChecksum(PseudoHeader(v4Source, v4Destination, ProtoUdp, 1234)),
            (ushort)InternetChecksum.PseudoHeaderIpv4(v4Source, v4Destination, ProtoUdp, 1234));
        Assert.Equal(
            (ushort)~ReferenceChecksum(PseudoHeader(v6Source, v6Destination, ProtoTcp, 70000)),
            (ushort)InternetChecksum.PseudoHeaderIpv6(v6Source, v6Destination, ProtoTcp, 70000));
    }

    /// <summary>RFC 1624 property: rewriting words, ports and addresses incrementally equals recomputing from scratch.</summary>
    [Fact]
    public void Update_RandomUdpAndTcpRewrites_EqualsFullRecompute()
    {
        Random random = new(6146);
        for (int iteration = 0; iteration < 5000; iteration++)
        {
            bool v6 = random.Next(2) == 0;
            byte protocol = random.Next(2) == 0 ? ProtoUdp : ProtoTcp;
            byte[] source = new byte[v6 ? 16 : 4];
            byte[] destination = new byte[source.Length];
            random.NextBytes(source);
            random.NextBytes(destination);
            byte[] segment = new byte[(protocol == ProtoTcp ? 20 : 8) + random.Next(0, 1500)];
            random.NextBytes(segment);
            int checksumOffset = protocol == ProtoTcp ? 16 : 6;
            segment[checksumOffset] = 0;
            segment[checksumOffset + 1] = 0;
            ushort checksum = ReferenceChecksum(PseudoHeader(source, destination, protocol, segment.Length), segment);

            // Change the addresses (possibly to the other family, as NAT64 does) and both ports.
            bool newV6 = random.Next(2) == 0;
            byte[] newSource = new byte[newV6 ? 16 : 4];
            byte[] newDestination = new byte[newSource.Length];
            random.NextBytes(newSource);
            random.NextBytes(newDestination);
            ushort oldSourcePort = BinaryPrimitives.ReadUInt16BigEndian(segment);
            ushort oldDestinationPort = BinaryPrimitives.ReadUInt16BigEndian(segment.AsSpan(2));
            ushort newSourcePort = (ushort)random.Next(0, 65536);
            ushort newDestinationPort = (ushort)random.Next(0, 65536);
            BinaryPrimitives.WriteUInt16BigEndian(segment, newSourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), newDestinationPort);
            ushort expected = ReferenceChecksum(PseudoHeader(newSource, newDestination, protocol, segment.Length), segment);

            ushort updated = checksum;
            if (random.Next(2) == 0)
            {
                // One address and word at a time; a family change is an address replacement of unequal size.
                updated = InternetChecksum.Update(updated, InternetChecksum.Add(0, source), InternetChecksum.Add(0, newSource));
                updated = InternetChecksum.Update(updated, InternetChecksum.Add(0, destination), InternetChecksum.Add(0, newDestination));
                if (source.Length == newSource.Length)
                {
                    Assert.Equal(updated, InternetChecksum.UpdateAddress(
                        InternetChecksum.UpdateAddress(checksum, source, newSource), destination, newDestination));
                }
                updated = InternetChecksum.UpdateWord(updated, oldSourcePort, newSourcePort);
                updated = InternetChecksum.UpdateWord(updated, oldDestinationPort, newDestinationPort);
            }
            else
            {
                uint removed = InternetChecksum.AddWord(InternetChecksum.AddWord(InternetChecksum.Add(InternetChecksum.Add(0, source), destination), oldSourcePort), oldDestinationPort);
                uint added = InternetChecksum.AddWord(InternetChecksum.AddWord(InternetChecksum.Add(InternetChecksum.Add(0, newSource), newDestination), newSourcePort), newDestinationPort);
                updated = InternetChecksum.Update(checksum, removed, added);
            }

            Assert.Equal(expected, updated);
        }
    }

    [Fact]
    public void UpdateWord_EveryPairOfWordsOnAFixedMessage_EqualsFullRecompute()
    {
        Random random = new(1141);
        byte[] message = new byte[64];
        random.NextBytes(message);
        message[2] = 0;
        message[3] = 0;
        ushort checksum = ReferenceChecksum(message);
        for (int i = 0; i < 20000; i++)
        {
            int at = 4 + (2 * random.Next(30));
            ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(at));
            ushort newWord = (ushort)(i % 3 == 0 ? 0 : i % 3 == 1 ? 0xFFFF : random.Next(0, 65536));
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), newWord);
            checksum = InternetChecksum.UpdateWord(checksum, oldWord, newWord);

            Assert.Equal(ReferenceChecksum(message), checksum);
        }
    }
}
