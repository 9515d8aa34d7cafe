using System.Buffers.Binary;
using Gate64.Nat64;
using Gate64.Protocols.Ip;
using static Gate64.Tests.Nat64.Nat64TestPackets;
using static Gate64.Tests.Nat64.OffloadFrames;

namespace Gate64.Tests.Nat64;

/// <summary>
/// Joining translated UDP datagrams into UDP_L4 super-packets: what the kernel cuts out of a written batch must be
/// the datagrams that went in (up to the IPv4 ID it numbers itself), with valid checksums.
/// </summary>
public sealed class UdpCoalescerTests
{
    private const string Pool = "203.0.113.1";
    private const string Server = "198.51.100.2";
    private const string Client = "2001:db8:1::2";
    private const string ServerVia64 = "2001:db8:64::c633:6402";

    private static byte[] Datagram4(int size, ushort sourcePort = 40000, int seed = 1, byte ttl = 63, ushort identification = 0x1234) =>
        Ipv4(Pool, Server, ProtoUdp, Udp(Pool, Server, sourcePort, 5201, Data(size, seed)), ttl: ttl, identification: identification);

    private static byte[] Datagram6(int size, ushort destinationPort = 40000, int seed = 1) =>
        Ipv6(ServerVia64, Client, ProtoUdp, Udp(ServerVia64, Client, 5201, destinationPort, Data(size, seed)), hopLimit: 63);

    /// <summary>The kernel's cut of a written UDP super-packet: the payload at gso_size, lengths and the partial sum moved per segment, completed.</summary>
    private static List<byte[]> Segment(byte[] frame)
    {
        (VirtioNetHeader header, byte[] packet) = Split(frame);
        if (!header.IsGso)
        {
            Assert.Equal(default, header);
            return [packet];
        }
        Assert.Equal(VirtioGsoType.UdpL4, header.GsoType);
        Assert.True(header.NeedsChecksum);
        int ip = header.ChecksumStart;
        Assert.Equal(6, header.ChecksumOffset);
        Assert.Equal(ip + 8, header.HeaderLength);
        bool v4 = packet[0] >> 4 == 4;
        int superLength = packet.Length - ip;
        Assert.Equal(superLength, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(ip + 4)));
        ushort partial = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(ip + 6));
        List<byte[]> segments = [];
        int payload = packet.Length - header.HeaderLength;
        for (int offset = 0, k = 0; offset < payload; offset += header.GsoSize, k++)
        {
            int size = Math.Min(header.GsoSize, payload - offset);
            byte[] segment = [.. packet.AsSpan(0, header.HeaderLength), .. packet.AsSpan(header.HeaderLength + offset, size)];
            if (v4)
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)segment.Length);
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(4)) + k));
                segment[10] = 0;
                segment[11] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(10), ReferenceChecksum(segment[..20]));
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)(segment.Length - 40));
            }
            int length = segment.Length - ip;
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(ip + 4), (ushort)length);
            ulong sum = (ulong)partial + (ushort)~(ushort)superLength + (ushort)length;
            while (sum > 0xFFFF)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(ip + 6), (ushort)sum);
            ushort checksum = ReferenceChecksum(segment[ip..]);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(ip + 6), checksum == 0 ? (ushort)0xFFFF : checksum);
            segments.Add(segment);
        }
        return segments;
    }

    /// <summary>A datagram as it must come out: the same bytes, with the IPv4 ID the kernel gave it.</summary>
    private static void AssertSameDatagram(byte[] expected, byte[] actual)
    {
        byte[] adjusted = [.. expected];
        if (expected[0] >> 4 == 4)
        {
            actual.AsSpan(4, 2).CopyTo(adjusted.AsSpan(4));
            adjusted[10] = 0;
            adjusted[11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(adjusted.AsSpan(10), ReferenceChecksum(adjusted[..20]));
        }
        Assert.Equal(Hex(adjusted), Hex(actual));
        AssertChecksums(actual);
    }

    private static List<byte[]> AddAll(UdpCoalescer coalescer, InMemoryTunQueue tun, params byte[][] datagrams)
    {
        foreach (byte[] datagram in datagrams)
        {
            if (!coalescer.TryAdd(datagram, Nat64Direction.SixToFour))
            {
                Assert.True(coalescer.Flush(tun, out _, out _));
                Assert.True(coalescer.TryAdd(datagram, Nat64Direction.SixToFour));
            }
        }
        Assert.True(coalescer.Flush(tun, out _, out _));
        return [.. tun.Written];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SameSizeDatagramsOfOneFlow_OneWrite_SegmentsAreTheDatagrams(bool ipv4)
    {
        UdpCoalescer coalescer = new();
        InMemoryTunQueue tun = new();
        byte[][] datagrams = [.. Enumerable.Range(0, 20).Select(i => ipv4 ? Datagram4(64, seed: i) : Datagram6(64, seed: i))];

        List<byte[]> written = AddAll(coalescer, tun, datagrams);

        byte[] frame = Assert.Single(written);
        Assert.Equal(64, Split(frame).Header.GsoSize);
        List<byte[]> segments = Segment(frame);
        Assert.Equal(20, segments.Count);
        for (int i = 0; i < 20; i++)
        {
            AssertSameDatagram(datagrams[i], segments[i]);
        }
    }

    [Fact]
    public void ASmallerLastDatagramJoins_ALargerOneStartsANewBatch()
    {
        UdpCoalescer coalescer = new();
        InMemoryTunQueue tun = new();
        byte[][] datagrams = [Datagram4(500, seed: 1), Datagram4(500, seed: 2), Datagram4(100, seed: 3), Datagram4(100, seed: 4), Datagram4(500, seed: 5)];

        List<byte[]> written = AddAll(coalescer, tun, datagrams);

        Assert.Equal(3, written.Count);
        List<byte[]> segments = [.. written.SelectMany(Segment)];
        Assert.Equal(5, segments.Count);
        for (int i = 0; i < 5; i++)
        {
            AssertSameDatagram(datagrams[i], segments[i]);
        }
        Assert.Equal(3, Segment(written[0]).Count);   // 500, 500, 100
    }

    [Fact]
    public void OneDatagram_WrittenAsItIsWithAnEmptyHeader()
    {
        UdpCoalescer coalescer = new();
        InMemoryTunQueue tun = new();
        byte[] datagram = Datagram4(64);

        List<byte[]> written = AddAll(coalescer, tun, datagram);

        (VirtioNetHeader header, byte[] packet) = Split(Assert.Single(written));
        Assert.Equal(default, header);
        Assert.Equal(datagram, packet);
    }

    public static TheoryData<string, byte[]> Strangers => new()
    {
        { "another source port", Datagram4(64, sourcePort: 40001) },
        { "another TTL", Datagram4(64, ttl: 9) },
        { "another family", Datagram6(64) },
        { "larger", Datagram4(65) },
    };

    [Theory]
    [MemberData(nameof(Strangers))]
    public void ADatagramThatDiffers_DoesNotJoin(string what, byte[] stranger)
    {
        UdpCoalescer coalescer = new();
        Assert.True(coalescer.TryAdd(Datagram4(64), Nat64Direction.SixToFour));

        Assert.False(coalescer.TryAdd(stranger, Nat64Direction.SixToFour), what);
        Assert.False(coalescer.TryAdd(Datagram4(64), Nat64Direction.Hairpin));
        Assert.True(coalescer.TryAdd(Datagram4(64, identification: 7), Nat64Direction.SixToFour));   // the ID is the kernel's to number
        Assert.Equal(2, coalescer.Count);
    }

    public static TheoryData<string, byte[]> NotJoinable
    {
        get
        {
            byte[] badChecksum = Datagram4(64);
            badChecksum[^1] ^= 0xFF;
            byte[] noChecksum = Ipv4(Pool, Server, ProtoUdp, Udp(Pool, Server, 40000, 5201, Data(64), omitChecksum: true));
            byte[] fragment = Ipv4(Pool, Server, ProtoUdp, Udp(Pool, Server, 40000, 5201, Data(64)), moreFragments: true);
            byte[] options = Ipv4(Pool, Server, ProtoUdp, Udp(Pool, Server, 40000, 5201, Data(64)), options: [1, 1, 1, 0]);
            byte[] tcp = Ipv4(Pool, Server, ProtoTcp, Tcp(Pool, Server, 40000, 5201, Data(64)));
            byte[] empty = Ipv4(Pool, Server, ProtoUdp, Udp(Pool, Server, 40000, 5201, []));
            byte[] extension = Ipv6(ServerVia64, Client, 60, Concat(OptionsHeader(ProtoUdp), Udp(ServerVia64, Client, 5201, 40000, Data(64))));
            return new()
            {
                { "bad checksum", badChecksum },
                { "no checksum", noChecksum },
                { "fragment", fragment },
                { "IPv4 options", options },
                { "TCP", tcp },
                { "no data", empty },
                { "IPv6 extension header", extension },
                { "truncated", Datagram4(64)[..30] },
            };
        }
    }

    [Theory]
    [MemberData(nameof(NotJoinable))]
    public void DatagramsThatCannotBeJoined_AreRefused(string what, byte[] packet)
    {
        UdpCoalescer coalescer = new();

        Assert.False(coalescer.TryAdd(packet, Nat64Direction.SixToFour), what);
        Assert.Equal(0, coalescer.Count);
    }

    [Fact]
    public void AtMost64Segments()
    {
        UdpCoalescer coalescer = new();
        InMemoryTunQueue tun = new();

        List<byte[]> written = AddAll(coalescer, tun, [.. Enumerable.Range(0, 130).Select(i => Datagram4(10, seed: i))]);

        Assert.Equal([64, 64, 2], written.Select(f => Segment(f).Count));
    }

    [Fact]
    public void AtMost64KiB()
    {
        UdpCoalescer coalescer = new();
        InMemoryTunQueue tun = new();

        List<byte[]> written = AddAll(coalescer, tun, [.. Enumerable.Range(0, 50).Select(i => Datagram6(1400, seed: i))]);

        Assert.All(written, f => Assert.True(f.Length - VirtioNetHeader.Size <= 65535 + 40));
        Assert.Equal(50, written.Sum(f => Segment(f).Count));
        Assert.True(written.Count >= 2);
    }
}
