using System.Buffers.Binary;
using Gate64.Nat64.Fragments;
using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;

namespace Gate64.Nat64;

/// <summary>
/// What every worker shares: the prefix, the state table, the fragment table, the translator, the metrics, and the addresses the
/// translator sends its own ICMP errors from. ICMPv6 errors (Time Exceeded, Packet Too Big, address unreachable on
/// quota or pool exhaustion) come from the pool's first address embedded in the prefix (TAYGA does the same with
/// its own address); ICMPv4 errors come from the pool address the offending packet was sent to.
/// </summary>
internal sealed class Nat64Datapath
{
    /// <summary>The largest packet a TUN read returns (IPv4 Total Length and IPv6 Payload Length are 16-bit).</summary>
    public const int MaxPacket = 65535 + Ipv6Header.Size;

    private readonly byte[] _errorSource6 = new byte[16];
    private readonly UInt128 _prefixValue;
    private readonly bool _prefixIs96;

    public Nat64Datapath(Nat64Prefix prefix, Nat64StateTable state, Translator translator, Nat64Metrics metrics, int icmpErrorsPerSecond)
    {
        Prefix = prefix;
        State = state;
        Translator = translator;
        Metrics = metrics;
        IcmpErrorsPerSecond = icmpErrorsPerSecond;
        Fragments = new Nat64FragmentTable(state.Time);
        metrics.Observe(Fragments);
        Span<byte> first = stackalloc byte[4];
        state.Options.Pool4.Network.TryWriteBytes(first, out _);
        prefix.Embed(first, _errorSource6);
        Span<byte> network = stackalloc byte[16];
        prefix.Prefix.Network.TryWriteBytes(network, out _);
        _prefixValue = BinaryPrimitives.ReadUInt128BigEndian(network);
        _prefixIs96 = prefix.Length == 96;
        OutputBufferLength = Math.Max(MaxPacket, Math.Max(translator.MaxOutputLength4To6(MaxPacket), translator.MaxOutputLength6To4(MaxPacket)));
    }

    public Nat64Prefix Prefix { get; }

    public Nat64StateTable State { get; }

    public Translator Translator { get; }

    /// <summary>Fragments mapped to the translation of their datagram's first fragment, for every queue.</summary>
    public Nat64FragmentTable Fragments { get; }

    public Nat64Metrics Metrics { get; }

    public int IcmpErrorsPerSecond { get; }

    /// <summary>The source of the ICMPv6 errors the translator sends: the pool's first address inside the prefix.</summary>
    public ReadOnlySpan<byte> ErrorSource6 => _errorSource6;

    /// <summary>Room for any translation, fragments included, and any ICMP error.</summary>
    public int OutputBufferLength { get; }

    /// <summary>The IPv6 address (big-endian value) that stands for <paramref name="ipv4"/> inside the prefix.</summary>
    public UInt128 Embed(uint ipv4)
    {
        if (_prefixIs96)
        {
            return _prefixValue | ipv4;
        }
        Span<byte> v4 = stackalloc byte[4];
        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(v4, ipv4);
        Prefix.Embed(v4, v6);
        return BinaryPrimitives.ReadUInt128BigEndian(v6);
    }

    /// <summary>
    /// False for IPv4 destinations no translation may reach: 0/8, loopback, multicast, class E and broadcast, and
    /// (RFC 6052 §3.1) any non-global address under the Well-Known Prefix.
    /// </summary>
    public bool IsUsableDestination(ReadOnlySpan<byte> ipv4)
    {
        byte first = ipv4[0];
        if (first == 0 || first == 127 || first >= 224)
        {
            return false;
        }
        return !Prefix.IsWellKnown || SpecialAddresses.IsGlobalIpv4(ipv4);
    }
}
