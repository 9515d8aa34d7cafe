using System.Buffers.Binary;
using System.Security.Cryptography;
using Gate64.Protocols.Ip;

namespace Gate64.Protocols.Nat64;

/// <summary>
/// The stateless IP/ICMP translation of RFC 7915 for a stateful NAT64 (RFC 6146): it rewrites one packet into the
/// other family with the addresses and ports the binding/session layer chose (<see cref="Nat64Mapping"/>).
/// <list type="bullet">
/// <item>IP headers per §4.1 (IPv4 → IPv6) and §5.1/§5.1.1 (IPv6 → IPv4): traffic class copied, TTL/hop limit
/// decremented, IPv4 options and IPv6 Hop-by-Hop/Routing/Destination Options headers dropped, Fragment header ↔
/// IPv4 fragment fields, DF = (translated size &gt; 1260) without a Fragment header, IPv4 packets without DF split
/// into IPv6 fragments of at most <see cref="TranslatorOptions.LowestIpv6Mtu"/>. A non-first fragment has only its
/// IP header translated (the caller supplies the addresses its first fragment got); a first fragment has its
/// transport checksum updated incrementally, which is right for a checksum over the whole datagram because only
/// the pseudo-header addresses and the ports change. A fragmented ICMP echo needs the whole message's length
/// (<see cref="Nat64Mapping.EchoLength"/>) for its first fragment.</item>
/// <item>TCP/UDP checksums updated incrementally (RFC 1624) for the new pseudo-header and ports; a zero IPv4 UDP
/// checksum is computed in full (§4.5).</item>
/// <item>ICMP per §4.2–4.3 and §5.2–5.3: echo with the identifier rewritten; errors with their type/code/pointer/MTU
/// mapped and the quoted packet translated too (RFC 4884 extensions kept with their length attribute adjusted).</item>
/// </list>
/// Every call is allocation-free and never throws on packet bytes: the result says translated, drop (with a reason),
/// or which ICMP error to send instead (<see cref="IcmpErrorBuilder"/>). The output must not overlap the input.
/// GSO super-packets with a partial checksum (a TUN with offloads) go through <see cref="TranslateGso6To4"/> and
/// <see cref="TranslateGso4To6"/> instead. An instance is safe to share between threads.
/// </summary>
public sealed partial class Translator
{
    private const int Ipv4HeaderSize = Ipv4Header.MinimumLength;
    private const int Ipv6HeaderSize = Ipv6Header.Size;
    private const int Ipv6FragmentedHeaderSize = Ipv6Header.Size + Ipv6FragmentHeader.Size;

    /// <summary>RFC 7915 §5.1: DF is set on a translated packet without a Fragment header only above this size.</summary>
    private const int DontFragmentThreshold = 1260;

    /// <summary>RFC 4443 §2.4 (c): an ICMPv6 error never exceeds the minimum IPv6 MTU.</summary>
    private const int MaxIcmpV6ErrorLength = TranslatorOptions.MinimumIpv6Mtu;

    /// <summary>RFC 4884 §4: an original datagram followed by extensions is padded to at least 128 bytes.</summary>
    private const int MinimumOriginalDatagramLength = 128;

    private const int MaxFragmentOffset = Ipv4Header.FragmentOffsetMask * 8;

    private readonly bool _zeroTrafficClass;
    private readonly int _ipv4Mtu;
    private readonly int _ipv6Mtu;
    private readonly int _ipv6FragmentMtu;
    private readonly int _segmentMtu;
    private readonly uint _identificationKey;
    private readonly uint _identificationMultiplier;
    private int _identificationCounter;

    public Translator(TranslatorOptions? options = null)
    {
        Options = options ?? new TranslatorOptions();
        Options.Validate();
        _zeroTrafficClass = Options.ZeroTrafficClass;
        _ipv4Mtu = Options.Ipv4Mtu;
        _ipv6Mtu = Options.Ipv6Mtu;
        _ipv6FragmentMtu = Math.Min(Options.LowestIpv6Mtu, Options.Ipv6Mtu);
        _segmentMtu = Options.SegmentMtu;
        Span<byte> key = stackalloc byte[12];
        RandomNumberGenerator.Fill(key);
        _identificationKey = BinaryPrimitives.ReadUInt32LittleEndian(key);
        _identificationMultiplier = BinaryPrimitives.ReadUInt32LittleEndian(key[4..]) | 1;
        _identificationCounter = BinaryPrimitives.ReadInt32LittleEndian(key[8..]);
    }

    public TranslatorOptions Options { get; }

    /// <summary>The largest output <see cref="Translate6To4"/> can write for an input of this length.</summary>
    public int MaxOutputLength6To4(int ipv6PacketLength)
    {
        int payload = Math.Max(0, ipv6PacketLength - Ipv6HeaderSize);
        int chunk = (_ipv4Mtu - Ipv4HeaderSize) & ~7;
        int count = Math.Max(1, (payload + chunk - 1) / chunk);
        return payload + (count * Ipv4HeaderSize);
    }

    /// <summary>The largest output <see cref="Translate4To6"/> can write for an input of this length.</summary>
    public int MaxOutputLength4To6(int ipv4PacketLength)
    {
        int payload = Math.Max(0, ipv4PacketLength - Ipv4HeaderSize);
        int chunk = (_ipv6FragmentMtu - Ipv6FragmentedHeaderSize) & ~7;
        int count = Math.Max(1, (payload + chunk - 1) / chunk);
        return Math.Max(payload + (count * Ipv6FragmentedHeaderSize), MaxIcmpV6ErrorLength);
    }

    /// <summary>
    /// Translates an IPv6 packet into IPv4 (RFC 7915 §5) with the IPv4 addresses and ports of
    /// <paramref name="mapping"/>. On <see cref="TranslationStatus.Translated"/>, <paramref name="written"/> bytes of
    /// <paramref name="output"/> hold the packet (or its fragments, back to back); otherwise nothing is written.
    /// </summary>
    public TranslationResult Translate6To4(ReadOnlySpan<byte> ipv6Packet, in Nat64Mapping mapping, Span<byte> output, out int written)
    {
        written = 0;
        if (Ipv6Header.TryValidate(ipv6Packet, out Ipv6Header header) != IpParseError.None)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedPacket);
        }
        IpParseError walk = header.TryWalkExtensions(out Ipv6ExtensionChain chain);
        if (walk != IpParseError.None)
        {
            return TranslationResult.Drop(walk == IpParseError.TooManyExtensionHeaders
                ? TranslationDropReason.TooManyExtensionHeaders
                : TranslationDropReason.MalformedExtensionHeaders);
        }

        ReadOnlySpan<byte> upper = header.Packet[chain.UpperLayerOffset..];
        IpProtocol protocol = chain.UpperLayerProtocol;
        bool isIcmpError = protocol == IpProtocol.IcmpV6 && !chain.IsNonFirstFragment && upper.Length > 0 && upper[0] < 128;
        if (header.HopLimit <= 1)
        {
            return isIcmpError
                ? TranslationResult.Drop(TranslationDropReason.HopLimitExceeded)
                : TranslationResult.Send(TranslationStatus.SendTimeExceeded);
        }
        if (chain.SegmentsLeftOffset >= 0)
        {
            return isIcmpError
                ? TranslationResult.Drop(TranslationDropReason.SourceRouted)
                : TranslationResult.Send(TranslationStatus.SendParameterProblem, (uint)chain.SegmentsLeftOffset);
        }

        if (protocol == IpProtocol.IcmpV6 && !chain.IsNonFirstFragment)
        {
            // A first fragment of an echo is translatable once the whole message's length is known (the ICMPv6
            // checksum covers a pseudo-header with it); anything else fragmented is not. Later fragments carry no
            // ICMP header and take the path below.
            bool echo = upper.Length >= IcmpV6Header.Size && (IcmpV6Type)upper[0] is IcmpV6Type.EchoRequest or IcmpV6Type.EchoReply;
            if (chain.IsFragmented && !(echo && mapping.EchoLength >= upper.Length && mapping.EchoLength <= ushort.MaxValue))
            {
                return TranslationResult.Drop(TranslationDropReason.FragmentedIcmp);
            }
            if (upper.Length < IcmpV6Header.Size)
            {
                return TranslationResult.Drop(TranslationDropReason.TruncatedTransportHeader);
            }
            int messageLength = chain.IsFragmented ? mapping.EchoLength : upper.Length;
            return (IcmpV6Type)upper[0] switch
            {
                IcmpV6Type.EchoRequest or IcmpV6Type.EchoReply => TranslateEcho6To4(header, chain, upper, messageLength, mapping, output, out written),
                IcmpV6Type.DestinationUnreachable or IcmpV6Type.PacketTooBig or IcmpV6Type.TimeExceeded or IcmpV6Type.ParameterProblem =>
                    TranslateError6To4(header, upper, mapping, output, out written),
                _ => TranslationResult.Drop(TranslationDropReason.UntranslatableIcmpType),
            };
        }

        if (IsIpv4Only(protocol))
        {
            return TranslationResult.Drop(TranslationDropReason.UntranslatableProtocol);
        }
        bool rewritePorts = !chain.IsNonFirstFragment && protocol is IpProtocol.Tcp or IpProtocol.Udp;
        if (rewritePorts && upper.Length < (protocol == IpProtocol.Tcp ? TcpHeader.MinimumLength : UdpHeader.Size))
        {
            return TranslationResult.Drop(TranslationDropReason.TruncatedTransportHeader);
        }
        if (!Plan6To4(upper.Length, chain, reportErrors: true, out int count, out int chunk, out int outputLength, out TranslationResult failure))
        {
            return failure;
        }
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        // A non-first fragment of an ICMPv6 message is ICMP data in IPv4.
        byte outputProtocol = protocol == IpProtocol.IcmpV6 ? (byte)IpProtocol.Icmp : (byte)protocol;
        WriteIpv4Header(output, header, chain, upper.Length, outputProtocol, mapping);
        Span<byte> segment = output.Slice(Ipv4HeaderSize, upper.Length);
        upper.CopyTo(segment);
        if (rewritePorts)
        {
            uint removed = InternetChecksum.Add(InternetChecksum.Add(0, header.Source), header.Destination);
            uint added = InternetChecksum.AddUInt32(InternetChecksum.AddUInt32(0, (uint)mapping.Source), (uint)mapping.Destination);
            RewritePorts(segment, protocol, removed, added, mapping.SourcePort, mapping.DestinationPort);
        }
        written = FinishIpv4(output, upper.Length, count, chunk);
        return TranslationResult.Translated(count);
    }

    /// <summary>
    /// Translates an IPv4 packet into IPv6 (RFC 7915 §4) with the IPv6 addresses and ports of
    /// <paramref name="mapping"/>. On <see cref="TranslationStatus.Translated"/>, <paramref name="written"/> bytes of
    /// <paramref name="output"/> hold the packet, or its fragments back to back; otherwise nothing is written.
    /// </summary>
    public TranslationResult Translate4To6(ReadOnlySpan<byte> ipv4Packet, in Nat64Mapping mapping, Span<byte> output, out int written)
    {
        written = 0;
        if (Ipv4Header.TryValidate(ipv4Packet, out Ipv4Header header) != IpParseError.None)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedPacket);
        }

        ReadOnlySpan<byte> upper = header.Payload;
        IpProtocol protocol = header.Protocol;
        bool nonFirstFragment = header.FragmentOffset != 0;
        bool isIcmpError = protocol == IpProtocol.Icmp && !nonFirstFragment && upper.Length > 0 && IcmpV4Header.IsErrorType(upper[0]);
        bool reportErrors = !isIcmpError && !nonFirstFragment;   // RFC 1812 §4.3.2.7
        if (header.TimeToLive <= 1)
        {
            return reportErrors
                ? TranslationResult.Send(TranslationStatus.SendTimeExceeded)
                : TranslationResult.Drop(TranslationDropReason.HopLimitExceeded);
        }
        if (header.OptionsLength > 0 && header.HasUnexpiredSourceRoute())
        {
            return reportErrors
                ? TranslationResult.Send(TranslationStatus.SendSourceRouteFailed)
                : TranslationResult.Drop(TranslationDropReason.SourceRouted);
        }

        if (protocol == IpProtocol.Icmp && !nonFirstFragment)
        {
            // As 6→4: the first fragment of an echo needs the whole message's length for the ICMPv6 pseudo-header.
            bool echo = upper.Length >= IcmpV4Header.Size && (IcmpV4Type)upper[0] is IcmpV4Type.EchoRequest or IcmpV4Type.EchoReply;
            if (header.IsFragment && !(echo && mapping.EchoLength >= upper.Length && mapping.EchoLength <= ushort.MaxValue))
            {
                return TranslationResult.Drop(TranslationDropReason.FragmentedIcmp);
            }
            if (upper.Length < IcmpV4Header.Size)
            {
                return TranslationResult.Drop(TranslationDropReason.TruncatedTransportHeader);
            }
            int messageLength = header.IsFragment ? mapping.EchoLength : upper.Length;
            return (IcmpV4Type)upper[0] switch
            {
                IcmpV4Type.EchoRequest or IcmpV4Type.EchoReply => TranslateEcho4To6(header, upper, messageLength, mapping, output, out written),
                IcmpV4Type.DestinationUnreachable or IcmpV4Type.TimeExceeded or IcmpV4Type.ParameterProblem =>
                    TranslateError4To6(header, upper, mapping, output, out written),
                _ => TranslationResult.Drop(TranslationDropReason.UntranslatableIcmpType),
            };
        }

        if (IsIpv6Only(protocol))
        {
            return TranslationResult.Drop(TranslationDropReason.UntranslatableProtocol);
        }
        bool rewritePorts = !nonFirstFragment && protocol is IpProtocol.Tcp or IpProtocol.Udp;
        if (rewritePorts && upper.Length < (protocol == IpProtocol.Tcp ? TcpHeader.MinimumLength : UdpHeader.Size))
        {
            return TranslationResult.Drop(TranslationDropReason.TruncatedTransportHeader);
        }
        bool zeroUdpChecksum = rewritePorts && protocol == IpProtocol.Udp && BinaryPrimitives.ReadUInt16BigEndian(upper[UdpHeader.ChecksumOffset..]) == 0;
        if (zeroUdpChecksum && header.IsFragment)
        {
            return TranslationResult.Drop(TranslationDropReason.FragmentedZeroChecksumUdp);
        }
        if (!Plan4To6(header, upper.Length, reportErrors, out int headerLength, out int count, out int chunk, out int outputLength, out TranslationResult failure))
        {
            return failure;
        }
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        // A non-first fragment of an ICMPv4 message is ICMPv6 data.
        byte nextHeader = protocol == IpProtocol.Icmp ? (byte)IpProtocol.IcmpV6 : (byte)protocol;
        WriteIpv6Header(output, header, headerLength, upper.Length, nextHeader, mapping.Source, mapping.Destination, decrementHopLimit: true);
        Span<byte> segment = output.Slice(headerLength, upper.Length);
        upper.CopyTo(segment);
        if (zeroUdpChecksum)
        {
            BinaryPrimitives.WriteUInt16BigEndian(segment, mapping.SourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(segment[UdpHeader.DestinationPortOffset..], mapping.DestinationPort);
            uint sum = InternetChecksum.PseudoHeaderIpv6(mapping.Source, mapping.Destination, (byte)IpProtocol.Udp, segment.Length);
            ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(sum, segment));
            BinaryPrimitives.WriteUInt16BigEndian(segment[UdpHeader.ChecksumOffset..], checksum == 0 ? (ushort)0xFFFF : checksum);
        }
        else if (rewritePorts)
        {
            uint removed = InternetChecksum.Add(InternetChecksum.Add(0, header.Source), header.Destination);
            uint added = InternetChecksum.AddUInt128(InternetChecksum.AddUInt128(0, mapping.Source), mapping.Destination);
            RewritePorts(segment, protocol, removed, added, mapping.SourcePort, mapping.DestinationPort);
        }
        written = FinishIpv6(output, headerLength, upper.Length, count, chunk);
        return TranslationResult.Translated(count);
    }

    /// <summary>An echo (or the first fragment of one: <paramref name="messageLength"/> is then the whole message's) into ICMPv4.</summary>
    private TranslationResult TranslateEcho6To4(Ipv6Header header, Ipv6ExtensionChain chain, ReadOnlySpan<byte> icmp, int messageLength, in Nat64Mapping mapping, Span<byte> output, out int written)
    {
        written = 0;
        if (!Plan6To4(icmp.Length, chain, reportErrors: true, out int count, out int chunk, out int outputLength, out TranslationResult failure))
        {
            return failure;
        }
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        WriteIpv4Header(output, header, chain, icmp.Length, (byte)IpProtocol.Icmp, mapping);
        Span<byte> message = output.Slice(Ipv4HeaderSize, icmp.Length);
        icmp.CopyTo(message);
        byte type = (IcmpV6Type)icmp[0] == IcmpV6Type.EchoRequest ? (byte)IcmpV4Type.EchoRequest : (byte)IcmpV4Type.EchoReply;
        RewriteEcho(message, type, mapping.SourcePort,
            removed: InternetChecksum.PseudoHeaderIpv6(header.Source, header.Destination, (byte)IpProtocol.IcmpV6, messageLength),
            added: 0);
        written = FinishIpv4(output, icmp.Length, count, chunk);
        return TranslationResult.Translated(count);
    }

    /// <summary>An echo (or the first fragment of one: <paramref name="messageLength"/> is then the whole message's) into ICMPv6.</summary>
    private TranslationResult TranslateEcho4To6(Ipv4Header header, ReadOnlySpan<byte> icmp, int messageLength, in Nat64Mapping mapping, Span<byte> output, out int written)
    {
        written = 0;
        if (!Plan4To6(header, icmp.Length, reportErrors: true, out int headerLength, out int count, out int chunk, out int outputLength, out TranslationResult failure))
        {
            return failure;
        }
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        WriteIpv6Header(output, header, headerLength, icmp.Length, (byte)IpProtocol.IcmpV6, mapping.Source, mapping.Destination, decrementHopLimit: true);
        Span<byte> message = output.Slice(headerLength, icmp.Length);
        icmp.CopyTo(message);
        byte type = (IcmpV4Type)icmp[0] == IcmpV4Type.EchoRequest ? (byte)IcmpV6Type.EchoRequest : (byte)IcmpV6Type.EchoReply;
        RewriteEcho(message, type, mapping.SourcePort,
            removed: 0,
            added: InternetChecksum.PseudoHeaderIpv6(mapping.Source, mapping.Destination, (byte)IpProtocol.IcmpV6, messageLength));
        written = FinishIpv6(output, headerLength, icmp.Length, count, chunk);
        return TranslationResult.Translated(count);
    }

    /// <summary>RFC 7915 §5.2–5.3: an ICMPv6 error with its quoted packet, into ICMPv4.</summary>
    private TranslationResult TranslateError6To4(Ipv6Header header, ReadOnlySpan<byte> icmp, in Nat64Mapping mapping, Span<byte> output, out int written)
    {
        written = 0;
        uint pseudo = InternetChecksum.PseudoHeaderIpv6(header.Source, header.Destination, (byte)IpProtocol.IcmpV6, icmp.Length);
        if (!InternetChecksum.Verifies(InternetChecksum.Add(pseudo, icmp)))
        {
            return TranslationResult.Drop(TranslationDropReason.BadIcmpChecksum);
        }
        byte typeV6 = icmp[IcmpV6Header.TypeOffset];
        TranslationDropReason reason = IcmpTranslation.MapErrorV6ToV4(typeV6, icmp[IcmpV6Header.CodeOffset],
            BinaryPrimitives.ReadUInt32BigEndian(icmp[IcmpV6Header.PointerOffset..]), out byte type, out byte code, out byte pointer);
        if (reason != TranslationDropReason.None)
        {
            return TranslationResult.Drop(reason);
        }

        // RFC 4884: Destination Unreachable and Time Exceeded may carry extensions after an original datagram of
        // (length attribute × 8) bytes; an attribute below 128 bytes or beyond the data means there are none.
        ReadOnlySpan<byte> quote = icmp[IcmpV6Header.Size..];
        ReadOnlySpan<byte> extension = default;
        bool hasExtension = false;
        int lengthAttribute = icmp[IcmpV6Header.LengthAttributeOffset];
        if ((IcmpV6Type)typeV6 is IcmpV6Type.DestinationUnreachable or IcmpV6Type.TimeExceeded && lengthAttribute * 8 >= MinimumOriginalDatagramLength && lengthAttribute * 8 <= quote.Length)
        {
            extension = quote[(lengthAttribute * 8)..];
            quote = quote[..(lengthAttribute * 8)];
            hasExtension = true;
        }

        if (!Ipv6Header.TryRead(quote, out Ipv6Header inner) || inner.TryWalkExtensions(out Ipv6ExtensionChain innerChain) != IpParseError.None)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedInnerPacket);
        }
        ReadOnlySpan<byte> innerUpper = quote[innerChain.UpperLayerOffset..];
        IpProtocol innerProtocol = innerChain.UpperLayerProtocol;
        int innerUpperLength = inner.PayloadLength - innerChain.ExtensionHeadersLength;
        if (innerUpperLength < 0)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedInnerPacket);
        }
        if (IsIpv4Only(innerProtocol))
        {
            return TranslationResult.Drop(TranslationDropReason.UntranslatableProtocol);
        }
        if (!innerChain.IsNonFirstFragment)
        {
            reason = CheckInnerTransport(innerProtocol == IpProtocol.IcmpV6, innerProtocol, innerUpper, isIpv4: false);
            if (reason != TranslationDropReason.None)
            {
                return TranslationResult.Drop(reason);
            }
        }

        int translatedLength = Ipv4HeaderSize + innerUpper.Length;
        int paddedLength = translatedLength;
        if (hasExtension)
        {
            paddedLength = Align(Math.Max(MinimumOriginalDatagramLength, translatedLength), 4);
            if (paddedLength / 4 > byte.MaxValue)
            {
                hasExtension = false;   // the IPv4 attribute (32-bit words) cannot express it: drop the extension
                paddedLength = translatedLength;
            }
        }
        int messageLength = IcmpV4Header.Size + paddedLength + (hasExtension ? extension.Length : 0);
        Ipv6ExtensionChain outerChain = default;
        if (!Plan6To4(messageLength, outerChain, reportErrors: false, out int count, out int chunk, out int outputLength, out TranslationResult failure))
        {
            return failure;
        }
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        WriteIpv4Header(output, header, outerChain, messageLength, (byte)IpProtocol.Icmp, mapping);
        Span<byte> message = output.Slice(Ipv4HeaderSize, messageLength);
        message[..IcmpV4Header.Size].Clear();
        message[IcmpV4Header.TypeOffset] = type;
        message[IcmpV4Header.CodeOffset] = code;
        if ((IcmpV4Type)type == IcmpV4Type.ParameterProblem)
        {
            message[IcmpV4Header.PointerOffset] = pointer;
        }
        else if (code == IcmpTranslation.V4FragmentationNeeded)
        {
            // RFC 7915 §5.2: minimum(advertised MTU − 20, MTU of the IPv4 next hop, MTU of the IPv6 next hop − 20),
            // with 28 instead of 20 when the packet in error carried a Fragment header.
            long advertised = (long)BinaryPrimitives.ReadUInt32BigEndian(icmp[IcmpV6Header.MtuOffset..]) - Ipv4HeaderSize - (innerChain.HasFragmentHeader ? Ipv6FragmentHeader.Size : 0);
            long mtu = Math.Clamp(Math.Min(advertised, Math.Min(_ipv4Mtu, _ipv6Mtu - Ipv4HeaderSize)), 0, ushort.MaxValue);
            BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.MtuOffset..], (ushort)mtu);
        }
        if (hasExtension)
        {
            message[IcmpV4Header.LengthAttributeOffset] = (byte)(paddedLength / 4);
        }

        // The quoted packet: translated like any packet, but its hop limit is kept (§5.3) and its addresses and
        // ports come from the inner half of the mapping.
        Span<byte> innerHeader = message.Slice(IcmpV4Header.Size, Ipv4HeaderSize);
        WriteIpv4Header(innerHeader, inner, innerChain, innerUpperLength, innerProtocol == IpProtocol.IcmpV6 ? (byte)IpProtocol.Icmp : (byte)innerProtocol,
            (uint)mapping.InnerSource, (uint)mapping.InnerDestination,
            identification: innerChain.HasFragmentHeader ? (ushort)innerChain.FragmentIdentification : (ushort)0, hopLimit: inner.HopLimit);
        Ipv4Header.WriteChecksum(innerHeader);
        Span<byte> innerSegment = message.Slice(IcmpV4Header.Size + Ipv4HeaderSize, innerUpper.Length);
        innerUpper.CopyTo(innerSegment);
        if (!innerChain.IsNonFirstFragment)
        {
            if (innerProtocol == IpProtocol.IcmpV6)
            {
                byte innerType = (IcmpV6Type)innerUpper[0] == IcmpV6Type.EchoRequest ? (byte)IcmpV4Type.EchoRequest : (byte)IcmpV4Type.EchoReply;
                uint removed = innerChain.IsFragmented ? 0 : InternetChecksum.PseudoHeaderIpv6(inner.Source, inner.Destination, (byte)IpProtocol.IcmpV6, innerUpperLength);
                RewriteEcho(innerSegment, innerType, mapping.InnerSourcePort, removed, added: 0, updateChecksum: !innerChain.IsFragmented);
            }
            else if (innerProtocol is IpProtocol.Tcp or IpProtocol.Udp)
            {
                uint removed = InternetChecksum.Add(InternetChecksum.Add(0, inner.Source), inner.Destination);
                uint added = InternetChecksum.AddUInt32(InternetChecksum.AddUInt32(0, (uint)mapping.InnerSource), (uint)mapping.InnerDestination);
                RewritePorts(innerSegment, innerProtocol, removed, added, mapping.InnerSourcePort, mapping.InnerDestinationPort);
            }
        }
        if (hasExtension)
        {
            message[(IcmpV4Header.Size + translatedLength)..(IcmpV4Header.Size + paddedLength)].Clear();
            extension.CopyTo(message[(IcmpV4Header.Size + paddedLength)..]);
        }
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.ChecksumOffset..], InternetChecksum.Compute(message));
        written = FinishIpv4(output, messageLength, count, chunk);
        return TranslationResult.Translated(count);
    }

    /// <summary>RFC 7915 §4.2–4.3: an ICMPv4 error with its quoted packet, into ICMPv6 (at most 1280 bytes).</summary>
    private TranslationResult TranslateError4To6(Ipv4Header header, ReadOnlySpan<byte> icmp, in Nat64Mapping mapping, Span<byte> output, out int written)
    {
        written = 0;
        if (!InternetChecksum.Verifies(InternetChecksum.Add(0, icmp)))
        {
            return TranslationResult.Drop(TranslationDropReason.BadIcmpChecksum);
        }
        TranslationDropReason reason = IcmpTranslation.MapErrorV4ToV6(icmp[IcmpV4Header.TypeOffset], icmp[IcmpV4Header.CodeOffset],
            icmp[IcmpV4Header.PointerOffset], out byte type, out byte code, out uint pointer);
        if (reason != TranslationDropReason.None)
        {
            return TranslationResult.Drop(reason);
        }

        // RFC 4884: the attribute counts 32-bit words of the original datagram; below 128 bytes or beyond the data
        // it means there are no extensions.
        ReadOnlySpan<byte> quote = icmp[IcmpV4Header.Size..];
        ReadOnlySpan<byte> extension = default;
        bool hasExtension = false;
        int lengthAttribute = icmp[IcmpV4Header.LengthAttributeOffset];
        if (lengthAttribute * 4 >= MinimumOriginalDatagramLength && lengthAttribute * 4 <= quote.Length)
        {
            extension = quote[(lengthAttribute * 4)..];
            quote = quote[..(lengthAttribute * 4)];
            hasExtension = (IcmpV6Type)type is IcmpV6Type.DestinationUnreachable or IcmpV6Type.TimeExceeded;
        }

        if (!Ipv4Header.TryRead(quote, out Ipv4Header inner) || inner.TotalLength < inner.HeaderLength)
        {
            return TranslationResult.Drop(TranslationDropReason.MalformedInnerPacket);
        }
        ReadOnlySpan<byte> innerUpper = quote[inner.HeaderLength..];
        IpProtocol innerProtocol = inner.Protocol;
        int innerUpperLength = inner.TotalLength - inner.HeaderLength;
        bool innerFirst = inner.FragmentOffset == 0;
        if (IsIpv6Only(innerProtocol))
        {
            return TranslationResult.Drop(TranslationDropReason.UntranslatableProtocol);
        }
        if (innerFirst)
        {
            reason = CheckInnerTransport(innerProtocol == IpProtocol.Icmp, innerProtocol, innerUpper, isIpv4: true);
            if (reason != TranslationDropReason.None)
            {
                return TranslationResult.Drop(reason);
            }
        }

        int innerHeaderLength = inner.IsFragment ? Ipv6FragmentedHeaderSize : Ipv6HeaderSize;
        int translatedLength = innerHeaderLength + innerUpper.Length;
        int paddedLength = hasExtension ? Align(Math.Max(MinimumOriginalDatagramLength, translatedLength), 8) : translatedLength;
        int messageLength = IcmpV6Header.Size + paddedLength + (hasExtension ? extension.Length : 0);
        const int MaxMessageLength = MaxIcmpV6ErrorLength - Ipv6HeaderSize;
        if (hasExtension && (messageLength > MaxMessageLength || paddedLength / 8 > byte.MaxValue))
        {
            hasExtension = false;   // no room for the extension: send the quote alone
            paddedLength = translatedLength;
            messageLength = IcmpV6Header.Size + translatedLength;
        }
        int copyLength = innerUpper.Length;
        if (messageLength > MaxMessageLength)
        {
            int excess = messageLength - MaxMessageLength;
            copyLength -= excess;
            translatedLength -= excess;
            paddedLength -= excess;
            messageLength = MaxMessageLength;
        }
        int outputLength = Ipv6HeaderSize + messageLength;
        if (outputLength > output.Length)
        {
            return TranslationResult.Drop(TranslationDropReason.OutputTooSmall);
        }

        WriteIpv6Header(output, header, Ipv6HeaderSize, messageLength, (byte)IpProtocol.IcmpV6, mapping.Source, mapping.Destination, decrementHopLimit: true);
        Span<byte> message = output.Slice(Ipv6HeaderSize, messageLength);
        message[..IcmpV6Header.Size].Clear();
        message[IcmpV6Header.TypeOffset] = type;
        message[IcmpV6Header.CodeOffset] = code;
        switch ((IcmpV6Type)type)
        {
            case IcmpV6Type.ParameterProblem:
                BinaryPrimitives.WriteUInt32BigEndian(message[IcmpV6Header.PointerOffset..], pointer);
                break;
            case IcmpV6Type.PacketTooBig:
                // RFC 7915 §4.2: minimum(advertised MTU + 20, MTU of the IPv6 next hop, MTU of the IPv4 next hop + 20),
                // 28 when the packet in error becomes a fragment; a zero MTU (pre-RFC 1191 router) means the plateau
                // below the packet's Total Length. Never below the IPv6 minimum MTU (RFC 8200 §5, RFC 8021).
                int advertised = BinaryPrimitives.ReadUInt16BigEndian(icmp[IcmpV4Header.MtuOffset..]);
                if (advertised == 0)
                {
                    advertised = IcmpTranslation.Plateau(inner.TotalLength);
                }
                int delta = Ipv4HeaderSize + (inner.IsFragment ? Ipv6FragmentHeader.Size : 0);
                int mtu = Math.Max(TranslatorOptions.MinimumIpv6Mtu, Math.Min(advertised + delta, Math.Min(_ipv6Mtu, _ipv4Mtu + Ipv4HeaderSize)));
                BinaryPrimitives.WriteUInt32BigEndian(message[IcmpV6Header.MtuOffset..], (uint)mtu);
                break;
            default:
                if (hasExtension)
                {
                    message[IcmpV6Header.LengthAttributeOffset] = (byte)(paddedLength / 8);
                }
                break;
        }

        Span<byte> innerHeader = message.Slice(IcmpV6Header.Size, innerHeaderLength);
        byte innerNextHeader = innerProtocol == IpProtocol.Icmp ? (byte)IpProtocol.IcmpV6 : (byte)innerProtocol;
        WriteIpv6Header(innerHeader, inner, innerHeaderLength, innerUpperLength, innerNextHeader, mapping.InnerSource, mapping.InnerDestination, decrementHopLimit: false);
        Span<byte> innerSegment = message.Slice(IcmpV6Header.Size + innerHeaderLength, copyLength);
        innerUpper[..copyLength].CopyTo(innerSegment);
        if (innerFirst)
        {
            if (innerProtocol == IpProtocol.Icmp)
            {
                byte innerType = (IcmpV4Type)innerUpper[0] == IcmpV4Type.EchoRequest ? (byte)IcmpV6Type.EchoRequest : (byte)IcmpV6Type.EchoReply;
                uint added = inner.IsFragment ? 0 : InternetChecksum.PseudoHeaderIpv6(mapping.InnerSource, mapping.InnerDestination, (byte)IpProtocol.IcmpV6, innerUpperLength);
                RewriteEcho(innerSegment, innerType, mapping.InnerSourcePort, removed: 0, added, updateChecksum: !inner.IsFragment);
            }
            else if (innerProtocol is IpProtocol.Tcp or IpProtocol.Udp)
            {
                uint removed = InternetChecksum.Add(InternetChecksum.Add(0, inner.Source), inner.Destination);
                uint added = InternetChecksum.AddUInt128(InternetChecksum.AddUInt128(0, mapping.InnerSource), mapping.InnerDestination);
                RewritePorts(innerSegment, innerProtocol, removed, added, mapping.InnerSourcePort, mapping.InnerDestinationPort);
            }
        }
        if (hasExtension)
        {
            message[(IcmpV6Header.Size + translatedLength)..(IcmpV6Header.Size + paddedLength)].Clear();
            extension.CopyTo(message[(IcmpV6Header.Size + paddedLength)..]);
        }
        uint sum = InternetChecksum.PseudoHeaderIpv6(mapping.Source, mapping.Destination, (byte)IpProtocol.IcmpV6, messageLength);
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV6Header.ChecksumOffset..], InternetChecksum.Finish(InternetChecksum.Add(sum, message)));
        written = outputLength;
        return TranslationResult.Translated(1);
    }

    /// <summary>The quoted packet's transport header must be usable: ports present, and ICMP only an echo.</summary>
    private static TranslationDropReason CheckInnerTransport(bool isIcmp, IpProtocol protocol, ReadOnlySpan<byte> segment, bool isIpv4)
    {
        if (isIcmp)
        {
            if (segment.Length < IcmpV4Header.Size)
            {
                return TranslationDropReason.MalformedInnerPacket;
            }
            bool isError = isIpv4 ? IcmpV4Header.IsErrorType(segment[0]) : segment[0] < 128;
            if (isError)
            {
                return TranslationDropReason.NestedIcmpError;
            }
            bool isEcho = isIpv4
                ? (IcmpV4Type)segment[0] is IcmpV4Type.EchoRequest or IcmpV4Type.EchoReply
                : (IcmpV6Type)segment[0] is IcmpV6Type.EchoRequest or IcmpV6Type.EchoReply;
            return isEcho ? TranslationDropReason.None : TranslationDropReason.UntranslatableIcmpType;
        }
        if (protocol is IpProtocol.Tcp or IpProtocol.Udp && segment.Length < UdpHeader.Size)
        {
            return TranslationDropReason.MalformedInnerPacket;
        }
        return TranslationDropReason.None;
    }

    /// <summary>
    /// Decides DF and fragmentation of an IPv4 packet translated from IPv6 (RFC 7915 §5.1, §5.1.1): with a Fragment
    /// header DF is clear; without one DF is set above 1260 bytes. Larger than the IPv4 MTU: Packet Too Big with DF,
    /// IPv4 fragments without.
    /// </summary>
    private bool Plan6To4(int payloadLength, Ipv6ExtensionChain chain, bool reportErrors, out int count, out int chunk, out int outputLength, out TranslationResult failure)
    {
        count = 1;
        chunk = payloadLength;
        outputLength = Ipv4HeaderSize + payloadLength;
        failure = default;
        if (outputLength <= _ipv4Mtu)
        {
            return true;
        }
        bool dontFragment = !chain.HasFragmentHeader && outputLength > DontFragmentThreshold;
        if (dontFragment)
        {
            failure = reportErrors
                ? TranslationResult.Send(TranslationStatus.SendPacketTooBig, (uint)Math.Max(TranslatorOptions.MinimumIpv6Mtu, _ipv4Mtu + Ipv4HeaderSize))
                : TranslationResult.Drop(TranslationDropReason.PacketTooBig);
            return false;
        }
        chunk = (_ipv4Mtu - Ipv4HeaderSize) & ~7;
        count = (payloadLength + chunk - 1) / chunk;
        outputLength = payloadLength + (count * Ipv4HeaderSize);
        if (chain.FragmentOffset + ((count - 1) * chunk) > MaxFragmentOffset)
        {
            failure = TranslationResult.Drop(TranslationDropReason.PacketTooLarge);
            return false;
        }
        return true;
    }

    /// <summary>
    /// Decides the Fragment header and fragmentation of an IPv6 packet translated from IPv4 (RFC 7915 §4.1): a
    /// fragment keeps a Fragment header; with DF, a packet larger than the IPv6 MTU gets Fragmentation Needed;
    /// without DF, a packet larger than the lowest IPv6 MTU is split into fragments that fit it.
    /// </summary>
    private bool Plan4To6(Ipv4Header header, int payloadLength, bool reportErrors, out int headerLength, out int count, out int chunk, out int outputLength, out TranslationResult failure)
    {
        headerLength = header.IsFragment ? Ipv6FragmentedHeaderSize : Ipv6HeaderSize;
        count = 1;
        chunk = payloadLength;
        outputLength = headerLength + payloadLength;
        failure = default;
        if (header.DontFragment)
        {
            if (outputLength > _ipv6Mtu)
            {
                failure = reportErrors
                    ? TranslationResult.Send(TranslationStatus.SendFragmentationNeeded, (uint)(_ipv6Mtu - (headerLength - Ipv4HeaderSize)))
                    : TranslationResult.Drop(TranslationDropReason.PacketTooBig);
                return false;
            }
            return true;
        }
        if (outputLength <= _ipv6FragmentMtu)
        {
            return true;
        }
        headerLength = Ipv6FragmentedHeaderSize;
        chunk = (_ipv6FragmentMtu - Ipv6FragmentedHeaderSize) & ~7;
        count = (payloadLength + chunk - 1) / chunk;
        outputLength = payloadLength + (count * Ipv6FragmentedHeaderSize);
        if (header.FragmentOffset + ((count - 1) * chunk) > MaxFragmentOffset)
        {
            failure = TranslationResult.Drop(TranslationDropReason.PacketTooLarge);
            return false;
        }
        return true;
    }

    private void WriteIpv4Header(Span<byte> output, Ipv6Header header, Ipv6ExtensionChain chain, int payloadLength, byte protocol, in Nat64Mapping mapping)
    {
        ushort identification = chain.HasFragmentHeader ? (ushort)chain.FragmentIdentification : NextIdentification((uint)mapping.Destination);
        WriteIpv4Header(output, header, chain, payloadLength, protocol, (uint)mapping.Source, (uint)mapping.Destination, identification, (byte)(header.HopLimit - 1));
    }

    private void WriteIpv4Header(Span<byte> output, Ipv6Header header, Ipv6ExtensionChain chain, int payloadLength, byte protocol, uint source, uint destination, ushort identification, byte hopLimit)
    {
        int totalLength = Math.Min(Ipv4HeaderSize + payloadLength, ushort.MaxValue);
        ushort flags = chain.HasFragmentHeader
            ? (ushort)((chain.MoreFragments ? Ipv4Header.MoreFragmentsFlag : 0) | (chain.FragmentOffset >> 3))
            : totalLength > DontFragmentThreshold ? Ipv4Header.DontFragmentFlag : (ushort)0;
        output[Ipv4Header.VersionAndLengthOffset] = 0x45;
        output[Ipv4Header.TypeOfServiceOffset] = _zeroTrafficClass ? (byte)0 : header.TrafficClass;
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv4Header.TotalLengthOffset..], (ushort)totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv4Header.IdentificationOffset..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv4Header.FlagsAndFragmentOffsetOffset..], flags);
        output[Ipv4Header.TimeToLiveOffset] = hopLimit;
        output[Ipv4Header.ProtocolOffset] = protocol;
        output[Ipv4Header.ChecksumOffset] = 0;
        output[Ipv4Header.ChecksumOffset + 1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(output[Ipv4Header.SourceOffset..], source);
        BinaryPrimitives.WriteUInt32BigEndian(output[Ipv4Header.DestinationOffset..], destination);
    }

    /// <summary>Writes the IPv6 header, and after it a Fragment header when <paramref name="headerLength"/> is 48.</summary>
    private void WriteIpv6Header(Span<byte> output, Ipv4Header header, int headerLength, int payloadLength, byte nextHeader, UInt128 source, UInt128 destination, bool decrementHopLimit)
    {
        bool fragmentHeader = headerLength == Ipv6FragmentedHeaderSize;
        Ipv6Header.WriteVersionClassFlow(output, _zeroTrafficClass ? (byte)0 : header.TypeOfService, 0);
        int ipv6PayloadLength = Math.Min(payloadLength + (fragmentHeader ? Ipv6FragmentHeader.Size : 0), ushort.MaxValue);
        BinaryPrimitives.WriteUInt16BigEndian(output[Ipv6Header.PayloadLengthOffset..], (ushort)ipv6PayloadLength);
        output[Ipv6Header.NextHeaderOffset] = fragmentHeader ? (byte)IpProtocol.Fragment : nextHeader;
        output[Ipv6Header.HopLimitOffset] = decrementHopLimit ? (byte)(header.TimeToLive - 1) : header.TimeToLive;
        BinaryPrimitives.WriteUInt128BigEndian(output[Ipv6Header.SourceOffset..], source);
        BinaryPrimitives.WriteUInt128BigEndian(output[Ipv6Header.DestinationOffset..], destination);
        if (fragmentHeader)
        {
            Ipv6FragmentHeader.Write(output[Ipv6HeaderSize..], nextHeader, header.FragmentOffset, header.MoreFragments, header.Identification);
        }
    }

    /// <summary>Rewrites the ports of a TCP or UDP header and updates its checksum, if the checksum is within <paramref name="segment"/>.</summary>
    private static void RewritePorts(Span<byte> segment, IpProtocol protocol, uint removedAddresses, uint addedAddresses, ushort sourcePort, ushort destinationPort)
    {
        ushort oldSource = BinaryPrimitives.ReadUInt16BigEndian(segment);
        ushort oldDestination = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], destinationPort);
        int checksumOffset = protocol == IpProtocol.Tcp ? TcpHeader.ChecksumOffset : UdpHeader.ChecksumOffset;
        if (segment.Length < checksumOffset + 2)
        {
            return;   // a quoted segment cut before its checksum
        }
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(segment[checksumOffset..]);
        if (protocol == IpProtocol.Udp && checksum == 0)
        {
            return;   // no checksum: leave it so
        }
        uint removed = InternetChecksum.AddWord(InternetChecksum.AddWord(removedAddresses, oldSource), oldDestination);
        uint added = InternetChecksum.AddWord(InternetChecksum.AddWord(addedAddresses, sourcePort), destinationPort);
        checksum = InternetChecksum.Update(checksum, removed, added);
        if (protocol == IpProtocol.Udp && checksum == 0)
        {
            checksum = 0xFFFF;   // RFC 768: a computed zero is sent as all ones
        }
        BinaryPrimitives.WriteUInt16BigEndian(segment[checksumOffset..], checksum);
    }

    /// <summary>Sets an echo message's type and identifier and updates its checksum, moving the pseudo-header in or out.</summary>
    private static void RewriteEcho(Span<byte> message, byte type, ushort identifier, uint removed, uint added, bool updateChecksum = true)
    {
        ushort oldTypeCode = BinaryPrimitives.ReadUInt16BigEndian(message);
        ushort oldIdentifier = BinaryPrimitives.ReadUInt16BigEndian(message[IcmpV4Header.IdentifierOffset..]);
        message[IcmpV4Header.TypeOffset] = type;
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.IdentifierOffset..], identifier);
        if (!updateChecksum)
        {
            return;
        }
        ushort newTypeCode = BinaryPrimitives.ReadUInt16BigEndian(message);
        removed = InternetChecksum.AddWord(InternetChecksum.AddWord(removed, oldTypeCode), oldIdentifier);
        added = InternetChecksum.AddWord(InternetChecksum.AddWord(added, newTypeCode), identifier);
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(message[IcmpV4Header.ChecksumOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[IcmpV4Header.ChecksumOffset..], InternetChecksum.Update(checksum, removed, added));
    }

    /// <summary>Completes an IPv4 packet written as one: its header checksum, or its split into fragments.</summary>
    private static int FinishIpv4(Span<byte> output, int payloadLength, int count, int chunk)
    {
        if (count == 1)
        {
            Ipv4Header.WriteChecksum(output);
            return Ipv4HeaderSize + payloadLength;
        }
        ushort word = BinaryPrimitives.ReadUInt16BigEndian(output[Ipv4Header.FlagsAndFragmentOffsetOffset..]);
        int baseOffset = (word & Ipv4Header.FragmentOffsetMask) * 8;
        bool baseMore = (word & Ipv4Header.MoreFragmentsFlag) != 0;
        SpreadFragments(output, Ipv4HeaderSize, payloadLength, count, chunk);
        for (int k = count - 1; k >= 0; k--)
        {
            Span<byte> fragment = output[(k * (Ipv4HeaderSize + chunk))..];
            if (k > 0)
            {
                output[..Ipv4HeaderSize].CopyTo(fragment);
            }
            int size = Math.Min(chunk, payloadLength - (k * chunk));
            bool more = k < count - 1 || baseMore;
            BinaryPrimitives.WriteUInt16BigEndian(fragment[Ipv4Header.TotalLengthOffset..], (ushort)(Ipv4HeaderSize + size));
            BinaryPrimitives.WriteUInt16BigEndian(fragment[Ipv4Header.FlagsAndFragmentOffsetOffset..],
                (ushort)(((baseOffset + (k * chunk)) >> 3) | (more ? Ipv4Header.MoreFragmentsFlag : 0)));
            Ipv4Header.WriteChecksum(fragment);
        }
        return payloadLength + (count * Ipv4HeaderSize);
    }

    /// <summary>Completes an IPv6 packet written as one (with a Fragment header when split): its split into fragments.</summary>
    private static int FinishIpv6(Span<byte> output, int headerLength, int payloadLength, int count, int chunk)
    {
        if (count == 1)
        {
            return headerLength + payloadLength;
        }
        ushort word = BinaryPrimitives.ReadUInt16BigEndian(output[(Ipv6HeaderSize + Ipv6FragmentHeader.OffsetAndFlagsOffset)..]);
        int baseOffset = word & Ipv6FragmentHeader.OffsetMask;
        bool baseMore = (word & Ipv6FragmentHeader.MoreFragmentsFlag) != 0;
        SpreadFragments(output, headerLength, payloadLength, count, chunk);
        for (int k = count - 1; k >= 0; k--)
        {
            Span<byte> fragment = output[(k * (headerLength + chunk))..];
            if (k > 0)
            {
                output[..headerLength].CopyTo(fragment);
            }
            int size = Math.Min(chunk, payloadLength - (k * chunk));
            bool more = k < count - 1 || baseMore;
            BinaryPrimitives.WriteUInt16BigEndian(fragment[Ipv6Header.PayloadLengthOffset..], (ushort)(Ipv6FragmentHeader.Size + size));
            BinaryPrimitives.WriteUInt16BigEndian(fragment[(Ipv6HeaderSize + Ipv6FragmentHeader.OffsetAndFlagsOffset)..],
                (ushort)((baseOffset + (k * chunk)) | (more ? Ipv6FragmentHeader.MoreFragmentsFlag : 0)));
        }
        return payloadLength + (count * headerLength);
    }

    /// <summary>
    /// Moves the payload of a packet written as one (header, then payload) into per-fragment slots of
    /// <paramref name="headerLength"/> + <paramref name="chunk"/> bytes, last chunk first so no chunk overwrites
    /// another before it moves. The headers are written afterwards.
    /// </summary>
    private static void SpreadFragments(Span<byte> output, int headerLength, int payloadLength, int count, int chunk)
    {
        for (int k = count - 1; k >= 1; k--)
        {
            int size = Math.Min(chunk, payloadLength - (k * chunk));
            output.Slice(headerLength + (k * chunk), size).CopyTo(output.Slice((k * (headerLength + chunk)) + headerLength, size));
        }
    }

    /// <summary>
    /// RFC 7915 §5.1 "Identification: set according to a Fragment Identification generation algorithm": a shared
    /// counter offset by a hash of the destination and passed through a keyed 16-bit permutation, so 65536
    /// consecutive packets never repeat a value and the sequence is not predictable from outside (RFC 7739).
    /// </summary>
    private ushort NextIdentification(uint destination)
    {
        uint x = (uint)Interlocked.Increment(ref _identificationCounter);
        x += (destination * 0x9E37_79B1u) >> 16;
        x = (x ^ _identificationKey) & 0xFFFF;
        x = (x * _identificationMultiplier) & 0xFFFF;
        x ^= x >> 7;
        x = (x * 0x2C1Bu) & 0xFFFF;   // odd: a bijection modulo 2^16
        x ^= x >> 9;
        return (ushort)x;
    }

    /// <summary>ICMPv4 carried by IPv6: nothing sends it, and copying it would pass an unchecked ICMP message into IPv4.</summary>
    private static bool IsIpv4Only(IpProtocol protocol) => protocol == IpProtocol.Icmp;

    /// <summary>ICMPv6 and the IPv6 extension headers carried by IPv4: copying them would forge IPv6 headers.</summary>
    private static bool IsIpv6Only(IpProtocol protocol) => protocol is IpProtocol.IcmpV6 or IpProtocol.HopByHopOptions
        or IpProtocol.Routing or IpProtocol.Fragment or IpProtocol.DestinationOptions;

    private static int Align(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
}
