using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>
/// The 10-byte <c>struct virtio_net_hdr</c> (virtio 1.2 §5.1.6) that a Linux TUN opened with <c>IFF_VNET_HDR</c> puts
/// before every packet it hands out and expects before every packet written to it: whether the packet is a GSO
/// super-packet (up to 64 KiB of TCP or UDP the kernel segments itself, <see cref="GsoType"/>, <see cref="GsoSize"/>
/// bytes of payload per segment) and whether its transport checksum is partial (<see cref="VirtioNetHeaderFlags.NeedsChecksum"/>
/// with <see cref="ChecksumStart"/> and <see cref="ChecksumOffset"/>). TUN uses the legacy virtio byte order, the
/// host's, which is little-endian on every Linux platform .NET runs on; the fields are read and written as such.
/// </summary>
public readonly record struct VirtioNetHeader
{
    /// <summary>The header's size without the <c>num_buffers</c> field (the TUN default, <c>TUNSETVNETHDRSZ</c> 10).</summary>
    public const int Size = 10;

    private const int FlagsOffset = 0;
    private const int GsoTypeOffset = 1;
    private const int HeaderLengthOffset = 2;
    private const int GsoSizeOffset = 4;
    private const int ChecksumStartOffset = 6;
    private const int ChecksumOffsetOffset = 8;

    public VirtioNetHeader(VirtioNetHeaderFlags flags, VirtioGsoType gsoType, ushort headerLength, ushort gsoSize, ushort checksumStart, ushort checksumOffset)
    {
        Flags = flags;
        GsoType = gsoType;
        HeaderLength = headerLength;
        GsoSize = gsoSize;
        ChecksumStart = checksumStart;
        ChecksumOffset = checksumOffset;
    }

    public VirtioNetHeaderFlags Flags { get; init; }

    /// <summary>The segmentation type, <see cref="VirtioGsoType.Ecn"/> included.</summary>
    public VirtioGsoType GsoType { get; init; }

    /// <summary><c>hdr_len</c>: the length of the headers repeated in every segment (IP and transport headers on TUN).</summary>
    public ushort HeaderLength { get; init; }

    /// <summary><c>gso_size</c>: the payload bytes per segment (the MSS for TCP).</summary>
    public ushort GsoSize { get; init; }

    /// <summary><c>csum_start</c>: where checksumming starts, from the start of the packet (the transport header).</summary>
    public ushort ChecksumStart { get; init; }

    /// <summary><c>csum_offset</c>: where the checksum field is, from <see cref="ChecksumStart"/> (16 for TCP, 6 for UDP).</summary>
    public ushort ChecksumOffset { get; init; }

    /// <summary>The segmentation type without <see cref="VirtioGsoType.Ecn"/>.</summary>
    public VirtioGsoType GsoKind => GsoType & ~VirtioGsoType.Ecn;

    /// <summary>True for a super-packet the kernel is to segment.</summary>
    public bool IsGso => GsoKind != VirtioGsoType.None;

    /// <summary>True when the transport checksum is partial (see <see cref="VirtioNetHeaderFlags.NeedsChecksum"/>).</summary>
    public bool NeedsChecksum => (Flags & VirtioNetHeaderFlags.NeedsChecksum) != 0;

    /// <summary>Reads the header at the start of <paramref name="frame"/>; false when it is shorter than <see cref="Size"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out VirtioNetHeader header)
    {
        if (frame.Length < Size)
        {
            header = default;
            return false;
        }
        header = new VirtioNetHeader(
            (VirtioNetHeaderFlags)frame[FlagsOffset],
            (VirtioGsoType)frame[GsoTypeOffset],
            BinaryPrimitives.ReadUInt16LittleEndian(frame[HeaderLengthOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(frame[GsoSizeOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(frame[ChecksumStartOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(frame[ChecksumOffsetOffset..]));
        return true;
    }

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        destination[FlagsOffset] = (byte)Flags;
        destination[GsoTypeOffset] = (byte)GsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[HeaderLengthOffset..], HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[GsoSizeOffset..], GsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ChecksumStartOffset..], ChecksumStart);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ChecksumOffsetOffset..], ChecksumOffset);
    }

    /// <summary>
    /// How many packets a packet of <paramref name="packetLength"/> bytes with this header becomes on the wire: the
    /// payload after <see cref="HeaderLength"/> cut into <see cref="GsoSize"/> pieces for a super-packet, else 1.
    /// </summary>
    public int SegmentCount(int packetLength)
    {
        if (!IsGso || GsoSize == 0 || packetLength <= HeaderLength)
        {
            return 1;
        }
        return (packetLength - HeaderLength + GsoSize - 1) / GsoSize;
    }

    /// <summary>
    /// Completes a partial checksum the way the kernel does for a device without checksum offload: the one's
    /// complement sum of the bytes from <see cref="ChecksumStart"/> to the end (the field holds the pseudo-header
    /// sum), complemented, a zero sent as all ones (RFC 768). False, and nothing written, when the checksum field is
    /// not inside <paramref name="packet"/> or not 16-bit aligned from <see cref="ChecksumStart"/>.
    /// </summary>
    public bool TryCompleteChecksum(Span<byte> packet)
    {
        int start = ChecksumStart;
        int field = start + ChecksumOffset;
        if ((ChecksumOffset & 1) != 0 || field + 2 > packet.Length)
        {
            return false;
        }
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(0, packet[start..]));
        BinaryPrimitives.WriteUInt16BigEndian(packet[field..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return true;
    }
}
