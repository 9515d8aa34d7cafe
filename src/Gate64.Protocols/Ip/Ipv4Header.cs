using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>
/// A read-only view of an IPv4 header (RFC 791 §3.1) at the start of a packet. Obtain one with
/// <see cref="TryRead"/> (the header itself is complete) or <see cref="TryValidate"/> (the whole packet is
/// consistent); the accessors then never go out of range. The offset constants name the fields for writers.
/// </summary>
public readonly ref struct Ipv4Header
{
    public const int MinimumLength = 20;
    public const int MaximumLength = 60;

    public const int VersionAndLengthOffset = 0;
    public const int TypeOfServiceOffset = 1;
    public const int TotalLengthOffset = 2;
    public const int IdentificationOffset = 4;
    public const int FlagsAndFragmentOffsetOffset = 6;
    public const int TimeToLiveOffset = 8;
    public const int ProtocolOffset = 9;
    public const int ChecksumOffset = 10;
    public const int SourceOffset = 12;
    public const int DestinationOffset = 16;

    /// <summary>The Don't Fragment bit of the flags/fragment-offset word.</summary>
    public const ushort DontFragmentFlag = 0x4000;

    /// <summary>The More Fragments bit of the flags/fragment-offset word.</summary>
    public const ushort MoreFragmentsFlag = 0x2000;

    /// <summary>The fragment offset, in 8-byte units, in the flags/fragment-offset word.</summary>
    public const ushort FragmentOffsetMask = 0x1FFF;

    /// <summary>Option types for the loose and strict source and record route options (RFC 791).</summary>
    internal const byte LooseSourceRouteOption = 0x83;
    internal const byte StrictSourceRouteOption = 0x89;

    private readonly ReadOnlySpan<byte> _packet;

    private Ipv4Header(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>The packet the header was read from: after <see cref="TryValidate"/>, exactly Total Length bytes.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    public int Version => _packet[VersionAndLengthOffset] >> 4;

    /// <summary>The header length in bytes (IHL × 4), options included.</summary>
    public int HeaderLength => (_packet[VersionAndLengthOffset] & 0xF) * 4;

    public int OptionsLength => HeaderLength - MinimumLength;

    public ReadOnlySpan<byte> Options => _packet[MinimumLength..HeaderLength];

    public byte TypeOfService => _packet[TypeOfServiceOffset];

    public int TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_packet[TotalLengthOffset..]);

    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_packet[IdentificationOffset..]);

    /// <summary>The raw flags and fragment offset word.</summary>
    public ushort FlagsAndFragmentOffset => BinaryPrimitives.ReadUInt16BigEndian(_packet[FlagsAndFragmentOffsetOffset..]);

    public bool DontFragment => (FlagsAndFragmentOffset & DontFragmentFlag) != 0;

    public bool MoreFragments => (FlagsAndFragmentOffset & MoreFragmentsFlag) != 0;

    /// <summary>The fragment offset in bytes.</summary>
    public int FragmentOffset => (FlagsAndFragmentOffset & FragmentOffsetMask) * 8;

    /// <summary>True for any fragment, first or not (MF set or a non-zero offset).</summary>
    public bool IsFragment => (FlagsAndFragmentOffset & (MoreFragmentsFlag | FragmentOffsetMask)) != 0;

    public byte TimeToLive => _packet[TimeToLiveOffset];

    public IpProtocol Protocol => (IpProtocol)_packet[ProtocolOffset];

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_packet[ChecksumOffset..]);

    public ReadOnlySpan<byte> Source => _packet.Slice(SourceOffset, 4);

    public ReadOnlySpan<byte> Destination => _packet.Slice(DestinationOffset, 4);

    /// <summary>The bytes after the header (options skipped), up to the end of <see cref="Packet"/>.</summary>
    public ReadOnlySpan<byte> Payload => _packet[HeaderLength..];

    /// <summary>True when the header checksum verifies.</summary>
    public bool IsChecksumValid => InternetChecksum.Verifies(InternetChecksum.Add(0, _packet[..HeaderLength]));

    /// <summary>
    /// Reads a header whose fixed part and options are all present: at least 20 bytes, version 4, IHL ≥ 5 and the
    /// options within <paramref name="packet"/>. Total Length and the checksum are not checked, so this also reads
    /// the truncated packet quoted in an ICMP error.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out Ipv4Header header) => Check(packet, out header) == IpParseError.None;

    /// <summary>
    /// Validates a received packet: version 4, IHL ≥ 5, IHL ≤ Total Length ≤ the data, and the header checksum.
    /// On success <see cref="Packet"/> is cut to Total Length (link-layer padding removed).
    /// </summary>
    public static IpParseError TryValidate(ReadOnlySpan<byte> packet, out Ipv4Header header)
    {
        IpParseError error = Check(packet, out header);
        if (error != IpParseError.None)
        {
            return error;
        }
        int totalLength = header.TotalLength;
        if (totalLength < header.HeaderLength || totalLength > packet.Length)
        {
            header = default;
            return IpParseError.BadLength;
        }
        header = new Ipv4Header(packet[..totalLength]);
        if (!header.IsChecksumValid)
        {
            header = default;
            return IpParseError.BadChecksum;
        }
        return IpParseError.None;
    }

    /// <summary>Computes and stores the header checksum of the header at the start of <paramref name="header"/>.</summary>
    public static void WriteChecksum(Span<byte> header)
    {
        int length = (header[VersionAndLengthOffset] & 0xF) * 4;
        header[ChecksumOffset] = 0;
        header[ChecksumOffset + 1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[ChecksumOffset..], InternetChecksum.Compute(header[..length]));
    }

    /// <summary>
    /// True when the options hold a loose or strict source route whose pointer has not passed its end
    /// (RFC 7915 §4.1: such a packet is not translated). A malformed option list ends the search.
    /// </summary>
    public bool HasUnexpiredSourceRoute()
    {
        ReadOnlySpan<byte> options = Options;
        int i = 0;
        while (i < options.Length)
        {
            byte type = options[i];
            if (type == 0)
            {
                return false;   // end of option list
            }
            if (type == 1)
            {
                i++;            // no-operation
                continue;
            }
            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length)
            {
                return false;
            }
            int length = options[i + 1];
            if (type is LooseSourceRouteOption or StrictSourceRouteOption)
            {
                return length >= 3 && options[i + 2] <= length;
            }
            i += length;
        }
        return false;
    }

    private static IpParseError Check(ReadOnlySpan<byte> packet, out Ipv4Header header)
    {
        header = default;
        if (packet.Length < MinimumLength)
        {
            return IpParseError.Truncated;
        }
        if (packet[0] >> 4 != 4)
        {
            return IpParseError.BadVersion;
        }
        int headerLength = (packet[0] & 0xF) * 4;
        if (headerLength < MinimumLength)
        {
            return IpParseError.BadHeaderLength;
        }
        if (headerLength > packet.Length)
        {
            return IpParseError.Truncated;
        }
        header = new Ipv4Header(packet);
        return IpParseError.None;
    }
}
