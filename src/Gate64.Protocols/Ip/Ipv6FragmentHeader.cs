using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>Field layout of the 8-byte IPv6 Fragment header (RFC 8200 §4.5).</summary>
public static class Ipv6FragmentHeader
{
    public const int Size = 8;

    public const int NextHeaderOffset = 0;
    public const int OffsetAndFlagsOffset = 2;
    public const int IdentificationOffset = 4;

    /// <summary>The M (more fragments) bit of the offset/flags word.</summary>
    public const ushort MoreFragmentsFlag = 0x0001;

    /// <summary>The fragment offset of the offset/flags word; the value is already in bytes (8-byte units shifted by 3).</summary>
    public const ushort OffsetMask = 0xFFF8;

    /// <summary>Writes a Fragment header; <paramref name="fragmentOffset"/> is in bytes and must be a multiple of 8.</summary>
    public static void Write(Span<byte> destination, byte nextHeader, int fragmentOffset, bool moreFragments, uint identification)
    {
        destination[NextHeaderOffset] = nextHeader;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[OffsetAndFlagsOffset..], (ushort)((fragmentOffset & OffsetMask) | (moreFragments ? MoreFragmentsFlag : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(destination[IdentificationOffset..], identification);
    }
}
