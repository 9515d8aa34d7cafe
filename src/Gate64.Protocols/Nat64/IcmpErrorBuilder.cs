using System.Buffers.Binary;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Nat64;

/// <summary>
/// Builds the ICMP errors a translator sends itself (RFC 7915 §4.4, §5.4; RFC 6146 §3.5): ICMPv6 errors quoting as
/// much of the offending IPv6 packet as fits in 1280 bytes (RFC 4443 §2.4 (c)), ICMPv4 errors quoting as much of the
/// offending IPv4 packet as fits in 576 bytes (RFC 1812 §4.3.2.3), sent from a given address to the offending
/// packet's source, with correct checksums. Allocation-free; never throws on packet bytes.
/// <para>
/// No error is built (the methods return false) about an ICMP error, an IPv4 fragment other than the first, a packet
/// whose source does not name one host (unspecified, loopback, multicast, broadcast, class E), or a packet sent to a
/// multicast or broadcast address (for IPv6, except Packet Too Big) (RFC 4443 §2.4 (e), RFC 1812 §4.3.2.7).
/// </para>
/// </summary>
public static class IcmpErrorBuilder
{
    public const int MaxIcmpV6ErrorLength = TranslatorOptions.MinimumIpv6Mtu;
    public const int MaxIcmpV4ErrorLength = 576;
    public const byte DefaultHopLimit = 64;

    /// <summary>RFC 1812 §4.3.2.5: ICMPv4 errors carry precedence 6, internetwork control.</summary>
    private const byte Ipv4ErrorTypeOfService = 0xC0;

    /// <summary>
    /// Builds the error a <see cref="Translator"/> result asks for (Time Exceeded of either family, Packet Too Big,
    /// Parameter Problem, Fragmentation Needed, Source Route Failed) about the packet that was given to it.
    /// </summary>
    public static bool TryBuild(in TranslationResult result, ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, Span<byte> output, out int written)
    {
        written = 0;
        return result.Status switch
        {
            TranslationStatus.SendTimeExceeded => TryBuildTimeExceeded(offendingPacket, source, output, out written),
            TranslationStatus.SendPacketTooBig => TryBuildPacketTooBig(offendingPacket, source, result.IcmpParameter, output, out written),
            TranslationStatus.SendParameterProblem => TryBuildIcmpV6(offendingPacket, source, IcmpV6Type.ParameterProblem, 0, result.IcmpParameter, output, out written),
            TranslationStatus.SendFragmentationNeeded => TryBuildFragmentationNeeded(offendingPacket, source, (ushort)Math.Min(result.IcmpParameter, ushort.MaxValue), output, out written),
            TranslationStatus.SendSourceRouteFailed => TryBuildIcmpV4(offendingPacket, source, IcmpV4Type.DestinationUnreachable, IcmpTranslation.V4SourceRouteFailed, 0, output, out written),
            _ => false,
        };
    }

    /// <summary>ICMPv6 Time Exceeded (3/0, hop limit exceeded) or ICMPv4 Time Exceeded (11/0), by the offending packet's version.</summary>
    public static bool TryBuildTimeExceeded(ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, Span<byte> output, out int written)
    {
        written = 0;
        return offendingPacket.Length > 0 && (offendingPacket[0] >> 4) switch
        {
            6 => TryBuildIcmpV6(offendingPacket, source, IcmpV6Type.TimeExceeded, 0, 0, output, out written),
            4 => TryBuildIcmpV4(offendingPacket, source, IcmpV4Type.TimeExceeded, 0, 0, output, out written),
            _ => false,
        };
    }

    /// <summary>ICMPv6 (type 1) or ICMPv4 (type 3) Destination Unreachable with <paramref name="code"/>, by the offending packet's version.</summary>
    public static bool TryBuildDestinationUnreachable(ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, byte code, Span<byte> output, out int written)
    {
        written = 0;
        return offendingPacket.Length > 0 && (offendingPacket[0] >> 4) switch
        {
            6 => TryBuildIcmpV6(offendingPacket, source, IcmpV6Type.DestinationUnreachable, code, 0, output, out written),
            4 => TryBuildIcmpV4(offendingPacket, source, IcmpV4Type.DestinationUnreachable, code, 0, output, out written),
            _ => false,
        };
    }

    /// <summary>ICMPv6 Packet Too Big (2/0) with <paramref name="mtu"/>.</summary>
    public static bool TryBuildPacketTooBig(ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, uint mtu, Span<byte> output, out int written) =>
        TryBuildIcmpV6(offendingPacket, source, IcmpV6Type.PacketTooBig, 0, mtu, output, out written);

    /// <summary>ICMPv4 Destination Unreachable, Fragmentation Needed (3/4) with the next-hop <paramref name="mtu"/> (RFC 1191).</summary>
    public static bool TryBuildFragmentationNeeded(ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, ushort mtu, Span<byte> output, out int written) =>
        TryBuildIcmpV4(offendingPacket, source, IcmpV4Type.DestinationUnreachable, IcmpTranslation.V4FragmentationNeeded, mtu, output, out written);

    /// <summary>
    /// An ICMPv6 error from <paramref name="source"/> (16 bytes) to the source of <paramref name="offendingPacket"/>.
    /// <paramref name="parameter"/> is the MTU of Packet Too Big or the pointer of Parameter Problem, else ignored.
    /// </summary>
    public static bool TryBuildIcmpV6(ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, IcmpV6Type type, byte code, uint parameter, Span<byte> output, out int written, byte hopLimit = DefaultHopLimit)
    {
        written = 0;
        if (source.Length != 16 || (byte)type >= 128 || !Ipv6Header.TryRead(offendingPacket, out Ipv6Header offending))
        {
            return false;
        }
        ReadOnlySpan<byte> offendingSource = offending.Source;
        if (offendingSource.IndexOfAnyExcept((byte)0) < 0 || offendingSource[0] == 0xFF
            || (offending.Destination[0] == 0xFF && type != IcmpV6Type.PacketTooBig))
        {
            return false;
        }
        ReadOnlySpan<byte> packet = offending.Packet[..Math.Min(offending.Packet.Length, Ipv6Header.Size + offending.PayloadLength)];
        if (!Ipv6Header.TryRead(packet, out Ipv6Header bounded) || bounded.TryWalkExtensions(out Ipv6ExtensionChain chain) != IpParseError.None)
        {
            return false;
        }
        if (chain.UpperLayerProtocol == IpProtocol.IcmpV6 && !chain.IsNonFirstFragment
            && (packet.Length <= chain.UpperLayerOffset || packet[chain.UpperLayerOffset] < 128))
        {
            return false;   // never an error about an error (RFC 4443 §2.4 (e.1))
        }

        int quoteLength = Math.Min(packet.Length, MaxIcmpV6ErrorLength - Ipv6Header.Size - IcmpV6Header.Size);
        int messageLength = IcmpV6Header.Size + quoteLength;
        if (output.Length < Ipv6Header.Size + messageLength)
        {
            return false;
        }
        Ipv6Header.WriteVersionClassFlow(output, 0, 0);
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv6Header.PayloadLengthOffset..], (ushort)messageLength);
        output[Ipv6Header.NextHeaderOffset] = (byte)IpProtocol.IcmpV6;
        output[Ipv6Header.HopLimitOffset] = hopLimit;
        source.CopyTo(output[Ipv6Header.SourceOffset..]);
        offendingSource.CopyTo(output[Ipv6Header.DestinationOffset..]);

        Span<byte> message = output.Slice(Ipv6Header.Size, messageLength);
        message[IcmpV6Header.TypeOffset] = (byte)type;
        message[IcmpV6Header.CodeOffset] = code;
        message[IcmpV6Header.ChecksumOffset] = 0;
        message[IcmpV6Header.ChecksumOffset + 1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(message[IcmpV6Header.RestOfHeaderOffset..],
            type is IcmpV6Type.PacketTooBig or IcmpV6Type.ParameterProblem ? parameter : 0);
        packet[..quoteLength].CopyTo(message[IcmpV6Header.Size..]);
        uint sum = InternetChecksum.PseudoHeaderIpv6(source, offendingSource, (byte)IpProtocol.IcmpV6, messageLength);
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV6Header.ChecksumOffset..], InternetChecksum.Finish(InternetChecksum.Add(sum, message)));
        written = Ipv6Header.Size + messageLength;
        return true;
    }

    /// <summary>
    /// An ICMPv4 error from <paramref name="source"/> (4 bytes) to the source of <paramref name="offendingPacket"/>.
    /// <paramref name="parameter"/> is the next-hop MTU of Fragmentation Needed (3/4) or the pointer of Parameter
    /// Problem, else ignored.
    /// </summary>
    public static bool TryBuildIcmpV4(ReadOnlySpan<byte> offendingPacket, ReadOnlySpan<byte> source, IcmpV4Type type, byte code, uint parameter, Span<byte> output, out int written, byte timeToLive = DefaultHopLimit)
    {
        written = 0;
        if (source.Length != 4 || !IcmpV4Header.IsErrorType((byte)type) || !Ipv4Header.TryRead(offendingPacket, out Ipv4Header offending))
        {
            return false;
        }
        ReadOnlySpan<byte> offendingSource = offending.Source;
        byte first = offendingSource[0];
        if (first == 0 || first == 127 || first >= 224)
        {
            return false;   // zero, loopback, multicast, class E or broadcast: not one host (RFC 1812 §4.3.2.7)
        }
        if (offending.Destination[0] >= 224 || offending.FragmentOffset != 0)
        {
            return false;   // sent to multicast or broadcast, or a non-first fragment
        }
        int available = offending.TotalLength >= offending.HeaderLength ? Math.Min(offendingPacket.Length, offending.TotalLength) : offendingPacket.Length;
        ReadOnlySpan<byte> packet = offendingPacket[..available];
        if (offending.Protocol == IpProtocol.Icmp && (packet.Length <= offending.HeaderLength || IcmpV4Header.IsErrorType(packet[offending.HeaderLength])))
        {
            return false;   // never an error about an error (RFC 1122 §3.2.2)
        }

        int quoteLength = Math.Min(packet.Length, MaxIcmpV4ErrorLength - Ipv4Header.MinimumLength - IcmpV4Header.Size);
        int messageLength = IcmpV4Header.Size + quoteLength;
        int totalLength = Ipv4Header.MinimumLength + messageLength;
        if (output.Length < totalLength)
        {
            return false;
        }
        output[Ipv4Header.VersionAndLengthOffset] = 0x45;
        output[Ipv4Header.TypeOfServiceOffset] = Ipv4ErrorTypeOfService;
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv4Header.TotalLengthOffset..], (ushort)totalLength);
        BinaryPrimitives.WriteUInt32BigEndian(output[Ipv4Header.IdentificationOffset..], 0);   // identification, flags, offset
        output[Ipv4Header.TimeToLiveOffset] = timeToLive;
        output[Ipv4Header.ProtocolOffset] = (byte)IpProtocol.Icmp;
        source.CopyTo(output[Ipv4Header.SourceOffset..]);
        offendingSource.CopyTo(output[Ipv4Header.DestinationOffset..]);
        Ipv4Header.WriteChecksum(output);

        Span<byte> message = output.Slice(Ipv4Header.MinimumLength, messageLength);
        message[IcmpV4Header.TypeOffset] = (byte)type;
        message[IcmpV4Header.CodeOffset] = code;
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(message[IcmpV4Header.RestOfHeaderOffset..], 0);
        if (type == IcmpV4Type.ParameterProblem)
        {
            message[IcmpV4Header.PointerOffset] = (byte)Math.Min(parameter, byte.MaxValue);
        }
        else if (type == IcmpV4Type.DestinationUnreachable && code == IcmpTranslation.V4FragmentationNeeded)
        {
            BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.MtuOffset..], (ushort)Math.Min(parameter, ushort.MaxValue));
        }
        packet[..quoteLength].CopyTo(message[IcmpV4Header.Size..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.ChecksumOffset..], InternetChecksum.Compute(message));
        written = totalLength;
        return true;
    }
}
