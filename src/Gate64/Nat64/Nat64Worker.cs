using System.Buffers.Binary;
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
/// </summary>
internal sealed class Nat64Worker
{
    /// <summary>ICMPv6 Destination Unreachable code 3 (RFC 4443).</summary>
    private const byte AddressUnreachableV6 = 3;

    /// <summary>ICMPv4 Destination Unreachable code 1 (RFC 792).</summary>
    private const byte HostUnreachableV4 = 1;

    /// <summary>ICMPv4 Destination Unreachable code 13 (RFC 1812).</summary>
    private const byte AdministrativelyProhibitedV4 = 13;

    private readonly Nat64Datapath _path;
    private readonly ITunQueue _queue;
    private readonly Nat64StateTable _state;
    private readonly Translator _translator;
    private readonly IcmpRateLimiter _icmpLimiter;
    private readonly byte[] _input;
    private readonly byte[] _output;

    public Nat64Worker(Nat64Datapath path, ITunQueue queue)
    {
        _path = path;
        _queue = queue;
        _state = path.State;
        _translator = path.Translator;
        _icmpLimiter = new IcmpRateLimiter(path.IcmpErrorsPerSecond);
        _input = GC.AllocateUninitializedArray<byte>(path.OutputBufferLength, pinned: true);
        _output = GC.AllocateUninitializedArray<byte>(path.OutputBufferLength, pinned: true);
        Counters = path.Metrics.AddWorker();
    }

    public Nat64WorkerCounters Counters { get; }

    /// <summary>Reads and translates until the queue reports the device is stopping.</summary>
    public void Run()
    {
        while (true)
        {
            int length = _queue.Read(_input.AsSpan(0, Nat64Datapath.MaxPacket));
            if (length <= 0)
            {
                return;
            }
            Process(length);
        }
    }

    /// <summary>Translates the packet in the first <paramref name="length"/> bytes of the input buffer.</summary>
    internal void Process(int length)
    {
        Span<byte> packet = _input.AsSpan(0, length);
        switch (packet[0] >> 4)
        {
            case 6:
                Process6(packet);
                break;
            case 4:
                Process4(packet, _output, Nat64Direction.FourToSix);
                break;
            default:
                Drop(Nat64DropReason.Malformed);
                break;
        }
    }

    /// <summary>Copies <paramref name="packet"/> into the input buffer and translates it (tests).</summary>
    internal void Process(ReadOnlySpan<byte> packet)
    {
        packet.CopyTo(_input);
        Process(packet.Length);
    }

    private void Process6(Span<byte> packet)
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
        if (chain.IsNonFirstFragment)
        {
            Drop(Nat64DropReason.Fragment);
            return;
        }
        packet = packet[..ip6.Packet.Length];
        ReadOnlySpan<byte> upper = ip6.Packet[chain.UpperLayerOffset..];
        UInt128 source = BinaryPrimitives.ReadUInt128BigEndian(ip6.Source);
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
                ProcessError6(packet, upper, destination4);
                return;
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.IcmpV6:
                Drop(upper.Length < IcmpV6Header.Size || chain.UpperLayerProtocol != IpProtocol.IcmpV6 ? Nat64DropReason.Malformed : Nat64DropReason.UnsupportedProtocol);
                return;
            default:
                Drop(Nat64DropReason.UnsupportedProtocol);
                return;
        }

        Nat64Verdict verdict = _state.Outbound(new Flow6(protocol, source, sourcePort, destination4, destinationPort), flags, out uint poolAddress, out ushort poolPort);
        if (verdict != Nat64Verdict.Forward)
        {
            Refuse6(packet, verdict);
            return;
        }
        Nat64Mapping mapping = new(poolAddress, destination4, poolPort, destinationPort);
        TranslationResult result = _translator.Translate6To4(packet, mapping, _output, out int written);
        if (_state.IsPoolAddress(destination4) && result.IsTranslated)
        {
            // Hairpin: the IPv4 packet is to one of our own pool addresses; take it straight back in, writing the
            // IPv6 result over the (no longer needed) input.
            if (result.PacketCount == 1)
            {
                Process4(_output.AsSpan(0, written), _input, Nat64Direction.Hairpin);
            }
            else
            {
                Drop(Nat64DropReason.Fragment);
            }
            return;
        }
        Emit(result, packet, _output, written, Nat64Direction.SixToFour);
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
        TranslationResult result = _translator.Translate6To4(packet, mapping, _output, out int written);
        Emit(result, packet, _output, written, Nat64Direction.SixToFour);
    }

    /// <summary>4→6 of <paramref name="packet"/> into <paramref name="output"/> (the output buffer, or for a hairpin the input buffer).</summary>
    private void Process4(ReadOnlySpan<byte> packet, Span<byte> output, Nat64Direction direction)
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
        if (ip4.FragmentOffset != 0)
        {
            Drop(Nat64DropReason.Fragment);
            return;
        }
        packet = ip4.Packet;
        ReadOnlySpan<byte> upper = ip4.Payload;
        uint source4 = BinaryPrimitives.ReadUInt32BigEndian(ip4.Source);
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
                ProcessError4(packet, upper, source4, output);
                return;
            case IpProtocol.Tcp or IpProtocol.Udp or IpProtocol.Icmp:
                Drop(upper.Length < IcmpV4Header.Size || ip4.Protocol != IpProtocol.Icmp ? Nat64DropReason.Malformed : Nat64DropReason.UnsupportedProtocol);
                return;
            default:
                Drop(Nat64DropReason.UnsupportedProtocol);
                return;
        }

        Nat64Verdict verdict = _state.Inbound(new Flow4(protocol, source4, sourcePort, destination4, destinationPort), flags, out UInt128 client, out ushort clientPort);
        if (verdict != Nat64Verdict.Forward)
        {
            Refuse4(packet, output, verdict);
            return;
        }
        Nat64Mapping mapping = new(_path.Embed(source4), client, protocol == Nat64Protocol.Icmp ? clientPort : sourcePort, clientPort);
        TranslationResult result = _translator.Translate4To6(packet, mapping, output, out int written);
        Emit(result, packet, output, written, direction);
    }

    /// <summary>
    /// An ICMPv4 error from the IPv4 side about a packet we translated 6→4: the quoted packet runs from a pool
    /// address and port to the IPv4 host, which names the binding directly.
    /// </summary>
    private void ProcessError4(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> icmp, uint source4, Span<byte> output)
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
        TranslationResult result = _translator.Translate4To6(packet, mapping, output, out int written);
        Emit(result, packet, output, written, Nat64Direction.FourToSix);
    }

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
    private void Refuse4(ReadOnlySpan<byte> packet, Span<byte> output, Nat64Verdict verdict)
    {
        switch (verdict)
        {
            case Nat64Verdict.NoBinding:
                Drop(Nat64DropReason.NoBinding);
                SendUnreachable(packet, output, HostUnreachableV4);
                break;
            case Nat64Verdict.Filtered:
                Drop(Nat64DropReason.Filtered);
                SendUnreachable(packet, output, AdministrativelyProhibitedV4);
                break;
            default:
                Drop(Nat64DropReason.StateDropped);
                break;
        }
    }

    private void Emit(TranslationResult result, ReadOnlySpan<byte> packet, Span<byte> output, int written, Nat64Direction direction)
    {
        switch (result.Status)
        {
            case TranslationStatus.Translated:
                if (WritePackets(output[..written], result.PacketCount))
                {
                    Counters.Translated[(int)direction]++;
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
                SendError(packet, output, result);
                break;
        }
    }

    private void SendError(ReadOnlySpan<byte> offending, Span<byte> output, in TranslationResult result)
    {
        if (!_icmpLimiter.TryTake())
        {
            Counters.IcmpErrorsRateLimited++;
            return;
        }
        if (IcmpErrorBuilder.TryBuild(result, offending, ErrorSource(offending), output, out int written))
        {
            Write(output[..written]);
            Counters.IcmpErrorsSent++;
        }
    }

    private void SendUnreachable(ReadOnlySpan<byte> offending, Span<byte> output, byte code)
    {
        if (!_icmpLimiter.TryTake())
        {
            Counters.IcmpErrorsRateLimited++;
            return;
        }
        if (IcmpErrorBuilder.TryBuildDestinationUnreachable(offending, ErrorSource(offending), code, output, out int written))
        {
            Write(output[..written]);
            Counters.IcmpErrorsSent++;
        }
    }

    /// <summary>ICMPv6 errors from the pool's first address inside the prefix; ICMPv4 errors from the pool address the packet was sent to.</summary>
    private ReadOnlySpan<byte> ErrorSource(ReadOnlySpan<byte> offending) =>
        (offending[0] >> 4) == 6 ? _path.ErrorSource6 : offending.Slice(Ipv4Header.DestinationOffset, 4);

    /// <summary>Writes the translated packet, or its fragments back to back (each one's length from its own header).</summary>
    private bool WritePackets(ReadOnlySpan<byte> data, int count)
    {
        if (count == 1)
        {
            return Write(data);
        }
        bool ok = true;
        for (int i = 0; i < count && data.Length > 0; i++)
        {
            int length = (data[0] >> 4) == 4
                ? BinaryPrimitives.ReadUInt16BigEndian(data[Ipv4Header.TotalLengthOffset..])
                : Ipv6Header.Size + BinaryPrimitives.ReadUInt16BigEndian(data[Ipv6Header.PayloadLengthOffset..]);
            length = Math.Min(length, data.Length);
            ok &= Write(data[..length]);
            data = data[length..];
        }
        return ok;
    }

    private bool Write(ReadOnlySpan<byte> packet) => _queue.Write(packet);

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
