using System.Buffers.Binary;
using System.Net;

namespace Gate64.Tests.Nat64.Fragments;

/// <summary>Cuts test packets into fragments, and puts translated fragments back together to check them whole.</summary>
internal static class FragmentPackets
{
    /// <summary>Fragments of a whole IPv6 packet without extension headers, <paramref name="size"/> bytes of data each (a multiple of 8).</summary>
    public static List<byte[]> Fragment6(byte[] packet, int size, uint identification)
    {
        string source = new IPAddress(packet.AsSpan(8, 16)).ToString();
        string destination = new IPAddress(packet.AsSpan(24, 16)).ToString();
        byte nextHeader = packet[6];
        byte[] payload = packet[40..];
        List<byte[]> fragments = [];
        for (int offset = 0; offset < payload.Length; offset += size)
        {
            int end = Math.Min(payload.Length, offset + size);
            byte[] header = Nat64TestPackets.FragmentHeader(nextHeader, offset, end < payload.Length, identification);
            fragments.Add(Nat64TestPackets.Ipv6(source, destination, 44, Nat64TestPackets.Concat(header, payload[offset..end]), packet[7]));
        }
        return fragments;
    }

    /// <summary>Fragments of a whole IPv4 packet without options, <paramref name="size"/> bytes of data each (a multiple of 8).</summary>
    public static List<byte[]> Fragment4(byte[] packet, int size, ushort identification)
    {
        string source = new IPAddress(packet.AsSpan(12, 4)).ToString();
        string destination = new IPAddress(packet.AsSpan(16, 4)).ToString();
        byte[] payload = packet[20..];
        List<byte[]> fragments = [];
        for (int offset = 0; offset < payload.Length; offset += size)
        {
            int end = Math.Min(payload.Length, offset + size);
            fragments.Add(Nat64TestPackets.Ipv4(source, destination, packet[9], payload[offset..end], ttl: packet[8],
                identification: identification, moreFragments: end < payload.Length, fragmentOffset: offset));
        }
        return fragments;
    }

    /// <summary>
    /// The datagram the fragments make (all of one family and one Identification, in any order), as a whole packet
    /// without fragmentation: its transport checksum can then be checked with <see cref="Nat64TestPackets.AssertChecksums"/>.
    /// Fails on gaps, overlaps, a missing last fragment or mixed Identifications.
    /// </summary>
    public static byte[] Reassemble(IReadOnlyList<byte[]> fragments)
    {
        Assert.NotEmpty(fragments);
        bool v4 = fragments[0][0] >> 4 == 4;
        List<(int Offset, bool More, uint Id, byte Protocol, byte[] Data)> pieces = [];
        foreach (byte[] fragment in fragments)
        {
            if (v4)
            {
                ushort word = BinaryPrimitives.ReadUInt16BigEndian(fragment.AsSpan(6));
                pieces.Add(((word & 0x1FFF) * 8, (word & 0x2000) != 0, BinaryPrimitives.ReadUInt16BigEndian(fragment.AsSpan(4)), fragment[9], fragment[20..]));
            }
            else
            {
                Assert.Equal(44, fragment[6]);
                ushort word = BinaryPrimitives.ReadUInt16BigEndian(fragment.AsSpan(42));
                pieces.Add((word & 0xFFF8, (word & 1) != 0, BinaryPrimitives.ReadUInt32BigEndian(fragment.AsSpan(44)), fragment[40], fragment[48..]));
            }
        }
        pieces.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        Assert.All(pieces, piece => Assert.Equal(pieces[0].Id, piece.Id));
        Assert.All(pieces, piece => Assert.Equal(pieces[0].Protocol, piece.Protocol));
        int expected = 0;
        foreach ((int offset, _, _, _, byte[] data) in pieces)
        {
            Assert.Equal(expected, offset);
            expected += data.Length;
        }
        Assert.False(pieces[^1].More, "the last fragment is missing");
        byte[] payload = Nat64TestPackets.Concat([.. pieces.Select(piece => piece.Data)]);
        byte[] first = fragments[0];
        return v4
            ? Nat64TestPackets.Ipv4(new IPAddress(first.AsSpan(12, 4)).ToString(), new IPAddress(first.AsSpan(16, 4)).ToString(), pieces[0].Protocol, payload, ttl: first[8])
            : Nat64TestPackets.Ipv6(new IPAddress(first.AsSpan(8, 16)).ToString(), new IPAddress(first.AsSpan(24, 16)).ToString(), pieces[0].Protocol, payload, first[7]);
    }
}
