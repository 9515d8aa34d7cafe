using System.Buffers.Binary;

namespace Gate64.Protocols.Ip;

/// <summary>What a walk over an IPv6 packet's extension headers found (see <see cref="Ipv6Header.TryWalkExtensions"/>).</summary>
public readonly struct Ipv6ExtensionChain
{
    /// <summary>The most extension headers a walk accepts; real traffic rarely carries more than two.</summary>
    public const int MaxExtensionHeaders = 8;

    // Offsets are stored plus one so that default(Ipv6ExtensionChain) means "no Fragment header, no Routing header".
    private readonly int _fragmentHeaderOffsetPlusOne;
    private readonly int _segmentsLeftOffsetPlusOne;

    private Ipv6ExtensionChain(IpProtocol upperLayerProtocol, int upperLayerOffset, int count, int fragmentHeaderOffset, ushort fragmentWord, uint fragmentIdentification, int segmentsLeftOffset)
    {
        UpperLayerProtocol = upperLayerProtocol;
        UpperLayerOffset = upperLayerOffset;
        ExtensionHeaderCount = count;
        _fragmentHeaderOffsetPlusOne = fragmentHeaderOffset + 1;
        FragmentOffset = fragmentWord & Ipv6FragmentHeader.OffsetMask;
        MoreFragments = (fragmentWord & Ipv6FragmentHeader.MoreFragmentsFlag) != 0;
        FragmentIdentification = fragmentIdentification;
        _segmentsLeftOffsetPlusOne = segmentsLeftOffset + 1;
    }

    /// <summary>The first Next Header value that is not an extension header walked over (TCP, UDP, ICMPv6, AH, ESP, …).</summary>
    public IpProtocol UpperLayerProtocol { get; }

    /// <summary>Where the upper-layer header starts, from the start of the IPv6 header.</summary>
    public int UpperLayerOffset { get; }

    /// <summary>The bytes of extension headers between the fixed header and the upper layer.</summary>
    public int ExtensionHeadersLength => Math.Max(0, UpperLayerOffset - Ipv6Header.Size);

    public int ExtensionHeaderCount { get; }

    /// <summary>Offset of the Fragment header from the start of the IPv6 header, or -1 without one.</summary>
    public int FragmentHeaderOffset => _fragmentHeaderOffsetPlusOne - 1;

    public bool HasFragmentHeader => _fragmentHeaderOffsetPlusOne > 0;

    /// <summary>The Fragment header's offset in bytes (0 without a Fragment header).</summary>
    public int FragmentOffset { get; }

    public bool MoreFragments { get; }

    public uint FragmentIdentification { get; }

    /// <summary>True for a fragment of a larger packet (an atomic fragment, offset 0 without M, is not one).</summary>
    public bool IsFragmented => FragmentOffset != 0 || MoreFragments;

    /// <summary>True for a fragment after the first: it carries no upper-layer header.</summary>
    public bool IsNonFirstFragment => FragmentOffset != 0;

    /// <summary>
    /// Offset of the Segments Left byte of the first Routing header whose Segments Left is not zero, or -1.
    /// RFC 7915 §5.1 answers such a packet with a Parameter Problem pointing here.
    /// </summary>
    public int SegmentsLeftOffset => _segmentsLeftOffsetPlusOne - 1;

    internal static IpParseError Walk(ReadOnlySpan<byte> packet, out Ipv6ExtensionChain chain)
    {
        chain = default;
        if (packet.Length < Ipv6Header.Size)
        {
            return IpParseError.Truncated;
        }
        byte next = packet[Ipv6Header.NextHeaderOffset];
        int offset = Ipv6Header.Size;
        int count = 0;
        int fragmentHeaderOffset = -1;
        ushort fragmentWord = 0;
        uint identification = 0;
        int segmentsLeftOffset = -1;
        while (true)
        {
            int length;
            switch ((IpProtocol)next)
            {
                case IpProtocol.HopByHopOptions:
                    if (offset != Ipv6Header.Size)
                    {
                        return IpParseError.HopByHopNotFirst;
                    }
                    goto case IpProtocol.DestinationOptions;
                case IpProtocol.Routing:
                    if (packet.Length - offset < 4)
                    {
                        return IpParseError.Truncated;
                    }
                    if (packet[offset + 3] != 0 && segmentsLeftOffset < 0)
                    {
                        segmentsLeftOffset = offset + 3;
                    }
                    length = (packet[offset + 1] + 1) * 8;
                    break;
                case IpProtocol.DestinationOptions:
                    if (packet.Length - offset < 2)
                    {
                        return IpParseError.Truncated;
                    }
                    length = (packet[offset + 1] + 1) * 8;
                    break;
                case IpProtocol.Fragment:
                    if (fragmentHeaderOffset >= 0)
                    {
                        return IpParseError.DuplicateFragmentHeader;
                    }
                    if (packet.Length - offset < Ipv6FragmentHeader.Size)
                    {
                        return IpParseError.Truncated;
                    }
                    fragmentHeaderOffset = offset;
                    fragmentWord = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + Ipv6FragmentHeader.OffsetAndFlagsOffset)..]);
                    identification = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + Ipv6FragmentHeader.IdentificationOffset)..]);
                    length = Ipv6FragmentHeader.Size;
                    break;
                default:
                    chain = new Ipv6ExtensionChain((IpProtocol)next, offset, count, fragmentHeaderOffset, fragmentWord, identification, segmentsLeftOffset);
                    return IpParseError.None;
            }
            if (++count > MaxExtensionHeaders)
            {
                return IpParseError.TooManyExtensionHeaders;
            }
            if (packet.Length - offset < length)
            {
                return IpParseError.Truncated;
            }
            next = packet[offset];
            offset += length;
            if (fragmentHeaderOffset == offset - Ipv6FragmentHeader.Size && (fragmentWord & Ipv6FragmentHeader.OffsetMask) != 0)
            {
                // A non-first fragment: the rest is fragment data, not headers.
                chain = new Ipv6ExtensionChain((IpProtocol)next, offset, count, fragmentHeaderOffset, fragmentWord, identification, segmentsLeftOffset);
                return IpParseError.None;
            }
        }
    }
}
