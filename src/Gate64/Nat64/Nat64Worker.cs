using System.Buffers.Binary;
using Gate64.Nat64.Fragments;
using Gate64.Nat64.State;
using Gate64.Platform;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;

namespace Gate64.Nat64;

/// <summary>
/// Reads one TUN queue and translates: IPv6 to the prefix goes 6→4 (TCP, UDP, ICMPv6 echo, and ICMPv6 errors about
/// a flow with a binding), IPv4 to the pool goes 4→6 likewise, IPv6 to a pool address inside the prefix goes 6→4→6
/// (hairpinning). Everything else read from the TUN (neighbour discovery, MLD, stray routes) is dropped and counted.
/// One pair of pinned buffers per worker: nothing is allocated per packet. Not thread-safe: one thread per worker.
/// <para>
/// On a TUN with offloads every packet read and written is a frame: a <see cref="VirtioNetHeader"/>, then the packet.
/// A GSO super-packet (up to 64 KiB of one TCP or UDP flow) is looked up in the state table once and translated in
/// one pass with its header (<see cref="Translator.TranslateGso6To4"/>); the kernel cuts the result into segments.
/// A single packet with a partial checksum has it completed here first and then takes the ordinary path, so
/// fragmentation, ICMP errors quoting it and hairpinning see a finished packet. Counters count segments, as they
/// would leave without offloads, and super-packets separately.
/// </para>
/// <para>
/// Fragments (RFC 6146 §3.4) are not reassembled: a first fragment goes through the state table like any packet and
/// its mapping is remembered in the shared <see cref="Nat64FragmentTable"/>; later fragments, which carry no ports,
/// are translated with it, or wait there for it (and are released right after it, through the input buffer). An
/// echo's first fragment waits for the last, whose offset gives the message length the ICMPv6 checksum needs.
/// Fragments to or from a pool address inside the prefix (hairpin) are dropped.
/// </para>
/// <para>
/// A reader woken for one packet also takes those queued behind it (up to <see cref="ReadBatch"/>, never waiting),
/// and with <c>coalesceUdp</c> joins consecutive translated UDP datagrams of one flow into one super-packet
/// (<see cref="UdpCoalescer"/>) written when the batch ends or anything else is written, so order is kept.
/// </para>
/// </summary>
internal sealed class Nat64Worker
{
    /// <summary>ICMPv6 Destination Unreachable code 3 (RFC 4443).</summary>
    private const byte AddressUnreachableV6 = 3;

    /// <summary>ICMPv4 Destination Unreachable code 1 (RFC 792).</summary>
    private const byte HostUnreachableV4 = 1;

    /// <summary>ICMPv4 Destination Unreachable code 13 (RFC 1812).</summary>
    private const byte AdministrativelyProhibitedV4 = 13;

    /// <summary>Packets taken per wakeup at most (the TUN queue holds 500 by default): bounds how long a batch is held.</summary>
    private const int ReadBatch = 64;

    private readonly Nat64Datapath _path;
    private readonly ITunQueue _queue;
    private readonly Nat64StateTable _state;
    private readonly Nat64FragmentTable _fragments;
    private readonly Translator _translator;
    private readonly IcmpRateLimiter _icmpLimiter;
    private readonly byte[] _input;
    private readonly byte[] _output;

    /// <summary>The virtio header's size before every packet, or 0 on a TUN without offloads.</summary>
    private readonly int _headerLength;

    private readonly UdpCoalescer? _coalescer;

    /// <param name="path">What the workers share.</param>
    /// <param name="queue">The queue this worker reads and writes.</param>
    /// <param name="virtioHeader">True when the queue's packets carry a virtio header (a TUN opened with offloads).</param>
    /// <param name="coalesceUdp">Join UDP datagrams into UDP_L4 super-packets on write (needs the virtio header and a kernel that knows USO).</param>
    public Nat64Worker(Nat64Datapath path, ITunQueue queue, bool virtioHeader = false, bool coalesceUdp = false)
    {
        _path = path;
        _queue = queue;
        _state = path.State;
        _fragments = path.Fragments;
        _translator = path.Translator;
        _icmpLimiter = new IcmpRateLimiter(path.IcmpErrorsPerSecond);
        _headerLength = virtioHeader ? VirtioNetHeader.Size : 0;
        _input = GC.AllocateUninitializedArray<byte>(_headerLength + path.OutputBufferLength, pinned: true);
        _output = GC.AllocateUninitializedArray<byte>(_headerLength + path.OutputBufferLength, pinned: true);
        _coalescer = virtioHeader && coalesceUdp ? new UdpCoalescer() : null;
        Counters = path.Metrics.AddWorker();
    }

    public Nat64WorkerCounters Counters { get; }

    /// <summary>Reads and translates until the queue reports the device is stopping.</summary>
    public void Run()
    {
        INonBlockingTunReader? drain = _queue as INonBlockingTunReader;
        while (true)
        {
            int length = _queue.Read(_input.AsSpan(0, _headerLength + Nat64Datapath.MaxPacket));
            if (length <= 0)
            {
                Flush();
                return;
            }
            Process(length);
            for (int i = 1; drain is not null && i < ReadBatch; i++)
            {
                length = drain.TryRead(_input.AsSpan(0, _headerLength + Nat64Datapath.MaxPacket));
                if (length <= 0)
                {
                    break;
                }
                Process(length);
            }
            Flush();
        }
    }

    /// <summary>Writes the datagrams waiting to be joined, if any.</summary>
    internal void Flush()
    {
        if (_coalescer is null || _coalescer.Count == 0)
        {
            return;
        }
        if (_coalescer.Flush(_queue, out int count, out Nat64Direction direction))
        {
            Counters.Translated[(int)direction] += count;
            if (count > 1)
            {
                Counters.Coalesced[(int)direction]++;
            }
        }
        else
        {
            Counters.Dropped[(int)Nat64DropReason.WriteFailed] += count;
        }
    }

    /// <summary>Translates the frame (virtio header, if any, and packet) in the first <paramref name="length"/> bytes of the input buffer.</summary>
    internal void Process(int length)
    {
        VirtioNetHeader offload = default;
        if (_headerLength > 0 && !VirtioNetHeader.TryRead(_input.AsSpan(0, length), out offload))
        {
            Drop(Nat64DropReason.BadOffloadHeader);
            return;
        }
        Span<byte> packet = _input.AsSpan(_headerLength, length - _headerLength);
        if (packet.IsEmpty)
        {
            Drop(Nat64DropReason.Malformed);
            return;
        }
        if (!offload.IsGso && offload.NeedsChecksum)
        {
            // One packet with a partial checksum: finish it as the kernel would, then it is an ordinary packet.
            if (!offload.TryCompleteChecksum(packet))
            {
                Drop(Nat64DropReason.BadOffloadHeader);
                return;
            }
            offload = default;
        }
        switch (packet[0] >> 4)
        {
            case 6:
                Process6(packet, offload);
                break;
            case 4:
                Process4(packet, offload, _output, Nat64Direction.FourToSix);
                break;
            default:
                Drop(Nat64DropReason.Malformed);
                break;
        }
    }

    /// <summary>
    /// Copies <paramref name="frame"/> (the packet, after a virtio header on a TUN with offloads) into the input
    /// buffer and translates it, then writes what waits to be joined unless told not to (tests).
    /// </summary>
    internal void Process(ReadOnlySpan<byte> frame, bool flush = true)
    {
        frame.CopyTo(_input);
        Process(frame.Length);
        if (flush)
        {
            Flush();
        }
    }

    private void Process6(Span<byte> packet, in VirtioNetHeader offload)
    {
        if (Ipv6Header.TryValidate(packet, out Ipv6Header ip6) != IpParseError.None)
        {
            Drop(Nat64DropReason.Malformed);
            return;
        }
        ReadOnlySpan<byte> destination = ip6.Destination;
        Span<byte> v4 = stackalloc byte[4];
        if (!_path.Prefix.TryExtract(destination, v4))
        {
            Drop(Nat64DropReason.NotForUs);
            return;
        }
        if (!_path.IsUsableDestination(v4))
        {
            Drop(Nat64DropReason.BadDestination);
            return;
        }
        uint destination4 = BinaryPrimitives.ReadUInt32BigEndian(v4);
        if (ip6.TryWalkExtensions(out Ipv6ExtensionChain chain) != IpParseError.None)
        {
            Drop(Nat64DropReason.Malformed);
            return;
        }
        packet = packet[..ip6.Packet.Length];
        UInt128 source = BinaryPrimitives.ReadUInt128BigEndian(ip6.Source);
        if (chain.IsFragmented && _state.IsPoolAddress(destination4))
        {
            Drop(Nat64DropReason.Fragment);
            return;
        }
        if (chain.IsNonFirstFragment)
        {
            ProcessLater6(packet, ip6, chain, source);
            return;
        }
        ReadOnlySpan<byte> upper = ip6.Packet[chain.UpperLayerOffset..];
        Nat64Protocol protocol;
        ushort sourcePort;
        ushort destinationPort;
        TcpFlags flags = 0;
        switch (chain.UpperLayerProtocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp when TryReadPorts(chain.UpperLayerProtocol, upper, out sourcePort, out destinationPort, out flags):
                protocol = chain.UpperLayerProtocol == IpProtocol.Tcp ? Nat64Protocol.Tcp : Nat64Protocol.Udp;
                break;
            case IpProtocol.IcmpV6 when upper.Length >= IcmpV6Header.Size && (IcmpV6Type)upper[0] is IcmpV6Type.EchoRequest or IcmpV6Type.EchoReply:
                protocol = Nat64Protocol.Icmp;
                sourcePort = BinaryPrimitives.ReadUInt16BigEndian(upper[IcmpV6Header.IdentifierOffset..]);
                destinationPort = sourcePort;
                break;
            case IpProtocol.IcmpV6 when upper.Length >= IcmpV6Header.Size && upper[0] < 128:
                RefuseDatagram6(ip6, chain);
                ProcessError6(packet, upper, destination4);
                return;
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.IcmpV6:
                RefuseDatagram6(ip6, chain);
                Drop(upper.Length < IcmpV6Header.Size || chain.UpperLayerProtocol != IpProtocol.IcmpV6 ? Nat64DropReason.Malformed : Nat64DropReason.UnsupportedProtocol);
                return;
            default:
                RefuseDatagram6(ip6, chain);
                Drop(Nat64DropReason.UnsupportedProtocol);
                return;
        }

        Nat64Verdict verdict = _state.Outbound(new Flow6(protocol, source, sourcePort, destination4, destinationPort), flags, out uint poolAddress, out ushort poolPort);
        if (verdict != Nat64Verdict.Forward)
        {
            RefuseDatagram6(ip6, chain);
            Refuse6(packet, verdict);
            return;
        }
        Nat64Mapping mapping = new(poolAddress, destination4, poolPort, destinationPort);
        if (chain.IsFragmented)
        {
            Nat64FragmentKey key = Key6(ip6, chain);
            int dataLength = packet.Length - (chain.FragmentHeaderOffset + Ipv6FragmentHeader.Size);
            ProcessFirst(packet, key, mapping, dataLength, echo: protocol == Nat64Protocol.Icmp);
            return;
        }
        Span<byte> output = _output.AsSpan(_headerLength);
        VirtioNetHeader translatedOffload = default;
        int written;
        TranslationResult result = offload.IsGso
            ? _translator.TranslateGso6To4(packet, mapping, offload, output, out written, out translatedOffload)
            : _translator.Translate6To4(packet, mapping, output, out written);
        if (_state.IsPoolAddress(destination4) && result.IsTranslated)
        {
            // Hairpin: the IPv4 packet is to one of our own pool addresses; take it straight back in, writing the
            // IPv6 result over the (no longer needed) input.
            if (result.PacketCount == 1)
            {
                Process4(_output.AsSpan(_headerLength, written), translatedOffload, _input, Nat64Direction.Hairpin);
            }
            else
            {
                Drop(Nat64DropReason.Fragment);
            }
            return;
        }
        Emit(result, packet, _output, written, translatedOffload, Nat64Direction.SixToFour);
    }

    /// <summary>
    /// An ICMPv6 error from the IPv6 side about a packet we translated 4→6: the quoted packet runs from an
    /// embedded IPv4 host to the client, so its tuple reversed names the binding (looked up without touching state).
    /// </summary>
    private void ProcessError6(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> icmp, uint destination4)
    {
        if (_state.IsPoolAddress(destination4))
        {
            Drop(Nat64DropReason.HairpinIcmpError);
            return;
        }
        ReadOnlySpan<byte> quote = icmp[IcmpV6Header.Size..];
        if (!Ipv6Header.TryRead(quote, out Ipv6Header inner) || inner.TryWalkExtensions(out Ipv6ExtensionChain innerChain) != IpParseError.None
            || innerChain.IsNonFirstFragment)
        {
            Drop(Nat64DropReason.Malformed);
            return;
        }
        Span<byte> server = stackalloc byte[4];
        if (!_path.Prefix.TryExtract(inner.Source, server))
        {
            Drop(Nat64DropReason.IcmpErrorWithoutBinding);
            return;
        }
        ReadOnlySpan<byte> innerUpper = quote[innerChain.UpperLayerOffset..];
        UInt128 client = BinaryPrimitives.ReadUInt128BigEndian(inner.Destination);
        Nat64Protocol protocol;
        ushort serverPort = 0;
        ushort clientPort;
        switch (innerChain.UpperLayerProtocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp when innerUpper.Length >= 4:
                protocol = innerChain.UpperLayerProtocol == IpProtocol.Tcp ? Nat64Protocol.Tcp : Nat64Protocol.Udp;
                serverPort = BinaryPrimitives.ReadUInt16BigEndian(innerUpper);
                clientPort = BinaryPrimitives.ReadUInt16BigEndian(innerUpper[2..]);
                break;
            case IpProtocol.IcmpV6 when innerUpper.Length >= IcmpV6Header.Size && (IcmpV6Type)innerUpper[0] is IcmpV6Type.EchoRequest or IcmpV6Type.EchoReply:
                protocol = Nat64Protocol.Icmp;
                clientPort = BinaryPrimitives.ReadUInt16BigEndian(innerUpper[IcmpV6Header.IdentifierOffset..]);
                break;
            default:
                Drop(Nat64DropReason.UnsupportedProtocol);
                return;
        }
        if (!_state.TryGetBinding6(protocol, client, clientPort, out uint poolAddress, out ushort poolPort))
        {
            Drop(Nat64DropReason.IcmpErrorWithoutBinding);
            return;
        }
        Nat64Mapping mapping = new Nat64Mapping(poolAddress, destination4, 0, 0) with
        {
            InnerSource = BinaryPrimitives.ReadUInt32BigEndian(server),
            InnerDestination = poolAddress,
            InnerSourcePort = protocol == Nat64Protocol.Icmp ? poolPort : serverPort,
            InnerDestinationPort = poolPort,
        };
        TranslationResult result = _translator.Translate6To4(packet, mapping, _output.AsSpan(_headerLength), out int written);
        Emit(result, packet, _output, written, default, Nat64Direction.SixToFour);
    }

    /// <summary>
    /// 4→6 of <paramref name="packet"/> into the frame buffer <paramref name="frame"/> (the output buffer, or for a
    /// hairpin the input buffer; the packet goes after room for the virtio header).
    /// </summary>
    private void Process4(ReadOnlySpan<byte> packet, in VirtioNetHeader offload, Span<byte> frame, Nat64Direction direction)
    {
        if (Ipv4Header.TryValidate(packet, out Ipv4Header ip4) != IpParseError.None)
        {
            Drop(Nat64DropReason.Malformed);
            return;
        }
        uint destination4 = BinaryPrimitives.ReadUInt32BigEndian(ip4.Destination);
        if (!_state.IsPoolAddress(destination4))
        {
            Drop(Nat64DropReason.NotForUs);
            return;
        }
        packet = ip4.Packet;
        uint source4 = BinaryPrimitives.ReadUInt32BigEndian(ip4.Source);
        if (ip4.IsFragment && direction == Nat64Direction.Hairpin)
        {
            Drop(Nat64DropReason.Fragment);
            return;
        }
        if (ip4.FragmentOffset != 0)
        {
            ProcessLater4(packet, ip4, source4, destination4);
            return;
        }
        ReadOnlySpan<byte> upper = ip4.Payload;
        Nat64Protocol protocol;
        ushort sourcePort;
        ushort destinationPort;
        TcpFlags flags = 0;
        switch (ip4.Protocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp when TryReadPorts(ip4.Protocol, upper, out sourcePort, out destinationPort, out flags):
                protocol = ip4.Protocol == IpProtocol.Tcp ? Nat64Protocol.Tcp : Nat64Protocol.Udp;
                break;
            case IpProtocol.Icmp when upper.Length >= IcmpV4Header.Size && (IcmpV4Type)upper[0] is IcmpV4Type.EchoRequest or IcmpV4Type.EchoReply:
                protocol = Nat64Protocol.Icmp;
                sourcePort = 0;
                destinationPort = BinaryPrimitives.ReadUInt16BigEndian(upper[IcmpV4Header.IdentifierOffset..]);
                break;
            case IpProtocol.Icmp when upper.Length >= IcmpV4Header.Size && IcmpV4Header.IsErrorType(upper[0]):
                if (direction == Nat64Direction.Hairpin)
                {
                    Drop(Nat64DropReason.HairpinIcmpError);
                    return;
                }
                RefuseDatagram4(ip4, source4, destination4);
                ProcessError4(packet, upper, source4, frame);
                return;
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Icmp:
                RefuseDatagram4(ip4, source4, destination4);
                Drop(upper.Length < IcmpV4Header.Size || ip4.Protocol != IpProtocol.Icmp ? Nat64DropReason.Malformed : Nat64DropReason.UnsupportedProtocol);
                return;
            default:
                RefuseDatagram4(ip4, source4, destination4);
                Drop(Nat64DropReason.UnsupportedProtocol);
                return;
        }

        Nat64Verdict verdict = _state.Inbound(new Flow4(protocol, source4, sourcePort, destination4, destinationPort), flags, out UInt128 client, out ushort clientPort);
        if (verdict != Nat64Verdict.Forward)
        {
            RefuseDatagram4(ip4, source4, destination4);
            Refuse4(packet, frame, verdict);
            return;
        }
        Nat64Mapping mapping = new(_path.Embed(source4), client, protocol == Nat64Protocol.Icmp ? clientPort : sourcePort, clientPort);
        if (ip4.IsFragment)
        {
            Nat64FragmentKey key = Nat64FragmentKey.Ipv4(source4, destination4, (byte)ip4.Protocol, ip4.Identification);
            ProcessFirst(packet, key, mapping, ip4.Payload.Length, echo: protocol == Nat64Protocol.Icmp);
            return;
        }
        Span<byte> output = frame[_headerLength..];
        VirtioNetHeader translatedOffload = default;
        int written;
        TranslationResult result = offload.IsGso
            ? _translator.TranslateGso4To6(packet, mapping, offload, output, out written, out translatedOffload)
            : _translator.Translate4To6(packet, mapping, output, out written);
        Emit(result, packet, frame, written, translatedOffload, direction);
    }

    /// <summary>
    /// An ICMPv4 error from the IPv4 side about a packet we translated 6→4: the quoted packet runs from a pool
    /// address and port to the IPv4 host, which names the binding directly.
    /// </summary>
    private void ProcessError4(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> icmp, uint source4, Span<byte> frame)
    {
        ReadOnlySpan<byte> quote = icmp[IcmpV4Header.Size..];
        if (!Ipv4Header.TryRead(quote, out Ipv4Header inner) || inner.FragmentOffset != 0)
        {
            Drop(Nat64DropReason.Malformed);
            return;
        }
        uint innerSource = BinaryPrimitives.ReadUInt32BigEndian(inner.Source);
        if (!_state.IsPoolAddress(innerSource))
        {
            Drop(Nat64DropReason.IcmpErrorWithoutBinding);
            return;
        }
        ReadOnlySpan<byte> innerUpper = quote[inner.HeaderLength..];
        Nat64Protocol protocol;
        ushort poolPort;
        ushort serverPort = 0;
        switch (inner.Protocol)
        {
            case IpProtocol.Tcp or IpProtocol.Udp when innerUpper.Length >= 4:
                protocol = inner.Protocol == IpProtocol.Tcp ? Nat64Protocol.Tcp : Nat64Protocol.Udp;
                poolPort = BinaryPrimitives.ReadUInt16BigEndian(innerUpper);
                serverPort = BinaryPrimitives.ReadUInt16BigEndian(innerUpper[2..]);
                break;
            case IpProtocol.Icmp when innerUpper.Length >= IcmpV4Header.Size && (IcmpV4Type)innerUpper[0] is IcmpV4Type.EchoRequest or IcmpV4Type.EchoReply:
                protocol = Nat64Protocol.Icmp;
                poolPort = BinaryPrimitives.ReadUInt16BigEndian(innerUpper[IcmpV4Header.IdentifierOffset..]);
                break;
            default:
                Drop(Nat64DropReason.UnsupportedProtocol);
                return;
        }
        if (!_state.TryGetBinding4(protocol, innerSource, poolPort, out UInt128 client, out ushort clientPort))
        {
            Drop(Nat64DropReason.IcmpErrorWithoutBinding);
            return;
        }
        Nat64Mapping mapping = new Nat64Mapping(_path.Embed(source4), client, 0, 0) with
        {
            InnerSource = client,
            InnerDestination = _path.Embed(BinaryPrimitives.ReadUInt32BigEndian(inner.Destination)),
            InnerSourcePort = clientPort,
            InnerDestinationPort = serverPort,
        };
        TranslationResult result = _translator.Translate4To6(packet, mapping, frame[_headerLength..], out int written);
        Emit(result, packet, frame, written, default, Nat64Direction.FourToSix);
    }

    /// <summary>
    /// A first fragment (offset 0, more to come) with the mapping the state table gave it: remembered for the later
    /// fragments, translated now (then the later fragments that waited for it follow), or for an echo held until the
    /// last fragment tells the message's length.
    /// </summary>
    private void ProcessFirst(ReadOnlySpan<byte> packet, in Nat64FragmentKey key, in Nat64Mapping mapping, int dataLength, bool echo)
    {
        switch (_fragments.First(key, mapping, dataLength, echo, packet, out int total))
        {
            case Nat64FragmentVerdict.Translate:
                TranslateFragment(packet, key, mapping, total);
                ReleaseReady(key);
                break;
            case Nat64FragmentVerdict.Held:
                Counters.FragmentsHeld++;
                break;
            default:
                Drop(Nat64DropReason.FragmentOverflow);
                break;
        }
    }

    /// <summary>6→4 of a fragment after the first: no ports, so it goes by its datagram's mapping, or waits for it.</summary>
    private void ProcessLater6(ReadOnlySpan<byte> packet, Ipv6Header ip6, Ipv6ExtensionChain chain, UInt128 source)
    {
        if (!_state.IsAllowedSource(source))
        {
            Drop(Nat64DropReason.NotAllowed);   // never let a stranger's fragments take hold memory
            return;
        }
        ProcessLater(packet, Key6(ip6, chain), chain.FragmentOffset, packet.Length - chain.UpperLayerOffset, chain.MoreFragments);
    }

    /// <summary>4→6 of a fragment after the first.</summary>
    private void ProcessLater4(ReadOnlySpan<byte> packet, Ipv4Header ip4, uint source4, uint destination4)
    {
        Nat64FragmentKey key = Nat64FragmentKey.Ipv4(source4, destination4, (byte)ip4.Protocol, ip4.Identification);
        ProcessLater(packet, key, ip4.FragmentOffset, ip4.Payload.Length, ip4.MoreFragments);
    }

    private void ProcessLater(ReadOnlySpan<byte> packet, in Nat64FragmentKey key, int offset, int dataLength, bool moreFragments)
    {
        switch (_fragments.Later(key, offset, dataLength, moreFragments, packet, out Nat64Mapping mapping))
        {
            case Nat64FragmentVerdict.Translate:
                TranslateFragment(packet, key, mapping, total: -1);
                ReleaseReady(key);
                break;
            case Nat64FragmentVerdict.Held:
                Counters.FragmentsHeld++;
                break;
            case Nat64FragmentVerdict.Overflow:
                Drop(Nat64DropReason.FragmentOverflow);
                break;
            default:
                Drop(Nat64DropReason.FragmentRefused);
                break;
        }
    }

    /// <summary>
    /// Translates the held fragments of the datagram that can go now, one at a time through the input buffer (the
    /// packet that released them is written already).
    /// </summary>
    private void ReleaseReady(in Nat64FragmentKey key)
    {
        Span<byte> buffer = _input.AsSpan(_headerLength, Nat64Datapath.MaxPacket);
        while (_fragments.TryTakeReady(key, buffer, out int length, out Nat64Mapping mapping, out int total))
        {
            TranslateFragment(buffer[..length], key, mapping, total);
        }
    }

    /// <summary>
    /// Translates one fragment of either family with its datagram's mapping and writes it. A first fragment of an
    /// echo gets the message's length from <paramref name="total"/> (the fragmentable length, less the extension
    /// headers before the ICMPv6 header); a first fragment the translator refuses takes the rest of its datagram down
    /// with it.
    /// </summary>
    private void TranslateFragment(ReadOnlySpan<byte> packet, in Nat64FragmentKey key, Nat64Mapping mapping, int total)
    {
        Span<byte> output = _output.AsSpan(_headerLength);
        TranslationResult result;
        int written;
        bool first;
        Nat64Direction direction;
        if (key.IsIpv6)
        {
            // Validated when it arrived: the walk cannot fail now.
            Ipv6Header.TryValidate(packet, out Ipv6Header ip6);
            ip6.TryWalkExtensions(out Ipv6ExtensionChain chain);
            first = !chain.IsNonFirstFragment;
            if (first && total >= 0)
            {
                mapping = mapping with { EchoLength = total - (chain.UpperLayerOffset - chain.FragmentHeaderOffset - Ipv6FragmentHeader.Size) };
            }
            result = _translator.Translate6To4(packet, mapping, output, out written);
            direction = Nat64Direction.SixToFour;
        }
        else
        {
            Ipv4Header.TryValidate(packet, out Ipv4Header ip4);
            first = ip4.FragmentOffset == 0;
            if (first && total >= 0)
            {
                mapping = mapping with { EchoLength = total };
            }
            result = _translator.Translate4To6(packet, mapping, output, out written);
            direction = Nat64Direction.FourToSix;
        }
        if (result.IsTranslated)
        {
            Counters.FragmentsTranslated++;
        }
        else if (first && result.Status == TranslationStatus.Drop)
        {
            Counters.Dropped[(int)Nat64DropReason.FragmentRefused] += _fragments.Refuse(key);
        }
        Emit(result, packet, _output, written, default, direction);
    }

    /// <summary>A first fragment was refused before translation: what waits for it, and what follows, is dropped.</summary>
    private void RefuseDatagram6(Ipv6Header ip6, Ipv6ExtensionChain chain)
    {
        if (chain.IsFragmented)
        {
            Counters.Dropped[(int)Nat64DropReason.FragmentRefused] += _fragments.Refuse(Key6(ip6, chain));
        }
    }

    private void RefuseDatagram4(Ipv4Header ip4, uint source4, uint destination4)
    {
        if (ip4.IsFragment)
        {
            Counters.Dropped[(int)Nat64DropReason.FragmentRefused] += _fragments.Refuse(Nat64FragmentKey.Ipv4(source4, destination4, (byte)ip4.Protocol, ip4.Identification));
        }
    }

    private static Nat64FragmentKey Key6(Ipv6Header ip6, Ipv6ExtensionChain chain) =>
        Nat64FragmentKey.Ipv6(BinaryPrimitives.ReadUInt128BigEndian(ip6.Source), BinaryPrimitives.ReadUInt128BigEndian(ip6.Destination), chain.FragmentIdentification);

    /// <summary>6→4 refusals: quota or pool exhaustion get ICMPv6 Destination Unreachable, Address Unreachable (1/3, RFC 6146 §3.5.1); the rest nothing.</summary>
    private void Refuse6(ReadOnlySpan<byte> packet, Nat64Verdict verdict)
    {
        switch (verdict)
        {
            case Nat64Verdict.QuotaExceeded or Nat64Verdict.PoolExhausted:
                Drop(verdict == Nat64Verdict.QuotaExceeded ? Nat64DropReason.QuotaExceeded : Nat64DropReason.PoolExhausted);
                SendUnreachable(packet, _output, AddressUnreachableV6);
                break;
            case Nat64Verdict.NotAllowed:
                Drop(Nat64DropReason.NotAllowed);
                break;
            default:
                Drop(Nat64DropReason.StateDropped);
                break;
        }
    }

    /// <summary>
    /// 4→6 refusals: no binding gets ICMPv4 Destination Unreachable, Host Unreachable (3/1); address-dependent
    /// filtering gets Communication Administratively Prohibited (3/13); a TCP segment without state nothing.
    /// </summary>
    private void Refuse4(ReadOnlySpan<byte> packet, Span<byte> frame, Nat64Verdict verdict)
    {
        switch (verdict)
        {
            case Nat64Verdict.NoBinding:
                Drop(Nat64DropReason.NoBinding);
                SendUnreachable(packet, frame, HostUnreachableV4);
                break;
            case Nat64Verdict.Filtered:
                Drop(Nat64DropReason.Filtered);
                SendUnreachable(packet, frame, AdministrativelyProhibitedV4);
                break;
            default:
                Drop(Nat64DropReason.StateDropped);
                break;
        }
    }

    /// <summary>Sends a translation's result: the packet in <paramref name="frame"/> after the header room (with <paramref name="offload"/> as its virtio header), or the ICMP error it asks for.</summary>
    private void Emit(TranslationResult result, ReadOnlySpan<byte> packet, Span<byte> frame, int written, in VirtioNetHeader offload, Nat64Direction direction)
    {
        switch (result.Status)
        {
            case TranslationStatus.Translated:
                if (result.PacketCount == 1 && !offload.IsGso && TryCoalesce(frame.Slice(_headerLength, written), direction))
                {
                    break;   // counted when the batch is written
                }
                if (WritePackets(frame, written, result.PacketCount, offload))
                {
                    Counters.Translated[(int)direction] += offload.SegmentCount(written);
                    if (offload.IsGso)
                    {
                        Counters.SuperPackets[(int)direction]++;
                    }
                }
                else
                {
                    Drop(Nat64DropReason.WriteFailed);
                }
                break;
            case TranslationStatus.Drop:
                Counters.TranslatorDropped[(int)result.DropReason]++;
                break;
            default:
                SendError(packet, frame, result);
                break;
        }
    }

    private void SendError(ReadOnlySpan<byte> offending, Span<byte> frame, in TranslationResult result)
    {
        if (!_icmpLimiter.TryTake())
        {
            Counters.IcmpErrorsRateLimited++;
            return;
        }
        if (IcmpErrorBuilder.TryBuild(result, offending, ErrorSource(offending), frame[_headerLength..], out int written))
        {
            WriteFrame(frame, written, default);
            Counters.IcmpErrorsSent++;
        }
    }

    private void SendUnreachable(ReadOnlySpan<byte> offending, Span<byte> frame, byte code)
    {
        if (!_icmpLimiter.TryTake())
        {
            Counters.IcmpErrorsRateLimited++;
            return;
        }
        if (IcmpErrorBuilder.TryBuildDestinationUnreachable(offending, ErrorSource(offending), code, frame[_headerLength..], out int written))
        {
            WriteFrame(frame, written, default);
            Counters.IcmpErrorsSent++;
        }
    }

    /// <summary>ICMPv6 errors from the pool's first address inside the prefix; ICMPv4 errors from the pool address the packet was sent to.</summary>
    private ReadOnlySpan<byte> ErrorSource(ReadOnlySpan<byte> offending) =>
        (offending[0] >> 4) == 6 ? _path.ErrorSource6 : offending.Slice(Ipv4Header.DestinationOffset, 4);

    /// <summary>
    /// Writes the translated packet (<paramref name="written"/> bytes after the header room of <paramref name="frame"/>),
    /// or its fragments back to back, each one's length from its own header. Fragments never carry offloads; each
    /// needs a header of its own, written over the last bytes of the fragment before it, which is sent already.
    /// </summary>
    private bool WritePackets(Span<byte> frame, int written, int count, in VirtioNetHeader offload)
    {
        if (count == 1)
        {
            return WriteFrame(frame, written, offload);
        }
        bool ok = true;
        int position = _headerLength;
        int end = _headerLength + written;
        for (int i = 0; i < count && position < end; i++)
        {
            ReadOnlySpan<byte> data = frame[position..end];
            int length = (data[0] >> 4) == 4
                ? BinaryPrimitives.ReadUInt16BigEndian(data[Ipv4Header.TotalLengthOffset..])
                : Ipv6Header.Size + BinaryPrimitives.ReadUInt16BigEndian(data[Ipv6Header.PayloadLengthOffset..]);
            length = Math.Min(length, data.Length);
            ok &= WriteFrame(frame[(position - _headerLength)..], length, default);
            position += length;
        }
        return ok;
    }

    /// <summary>Adds a translated packet to the UDP batch (writing the batch first when the packet cannot join it); false when it is not for the batch.</summary>
    private bool TryCoalesce(ReadOnlySpan<byte> packet, Nat64Direction direction)
    {
        if (_coalescer is null)
        {
            return false;
        }
        if (_coalescer.TryAdd(packet, direction))
        {
            return true;
        }
        Flush();
        return _coalescer.TryAdd(packet, direction);
    }

    /// <summary>
    /// Writes the packet of <paramref name="length"/> bytes after the header room of <paramref name="frame"/>, with
    /// <paramref name="offload"/> before it on a TUN with offloads; datagrams waiting to be joined go first.
    /// </summary>
    private bool WriteFrame(Span<byte> frame, int length, in VirtioNetHeader offload)
    {
        Flush();
        if (_headerLength > 0)
        {
            offload.Write(frame);
        }
        return _queue.Write(frame[..(_headerLength + length)]);
    }

    private void Drop(Nat64DropReason reason) => Counters.Dropped[(int)reason]++;

    /// <summary>The ports of a TCP or UDP header, and TCP's flags (none for UDP); false when the header is cut short.</summary>
    private static bool TryReadPorts(IpProtocol protocol, ReadOnlySpan<byte> upper, out ushort sourcePort, out ushort destinationPort, out TcpFlags flags)
    {
        bool tcp = protocol == IpProtocol.Tcp;
        sourcePort = 0;
        destinationPort = 0;
        flags = 0;
        if (upper.Length < (tcp ? TcpHeader.MinimumLength : UdpHeader.Size))
        {
            return false;
        }
        sourcePort = BinaryPrimitives.ReadUInt16BigEndian(upper);
        destinationPort = BinaryPrimitives.ReadUInt16BigEndian(upper[(tcp ? TcpHeader.DestinationPortOffset : UdpHeader.DestinationPortOffset)..]);
        flags = tcp ? (TcpFlags)upper[TcpHeader.FlagsOffset] : 0;
        return true;
    }
}
