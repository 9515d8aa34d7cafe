using System.Buffers.Binary;
using Gate64.Nat64;
using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using Gate64.Tests.Resolver;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Nat64;

/// <summary>
/// A <see cref="Nat64Worker"/> on an in-memory TUN: prefix 2001:db8:64::/96, pool 203.0.113.0/30, clients
/// 2001:db8:1::/64 allowed; with <c>virtioHeader</c>, a TUN with offloads (frames of virtio header and packet, an
/// MTU of 1500 for segments).
/// </summary>
internal sealed class Nat64WorkerHarness
{
    public const string Prefix = "2001:db8:64::/96";
    public const string Pool = "203.0.113.0/30";
    public const string Client = "2001:db8:1::2";
    public const string OtherClient = "2001:db8:1::3";
    public const string Server = "198.51.100.2";
    public const string ServerVia64 = "2001:db8:64::c633:6402";
    public const string TranslatorAddress = "2001:db8:64::cb00:7100";

    public Nat64WorkerHarness(int quota = 4096, bool addressDependentFiltering = false, bool virtioHeader = false, bool coalesceUdp = false)
    {
        Time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        State = new Nat64StateTable(new Nat64StateOptions
        {
            Pool4 = IpPrefix.Parse(Pool),
            Allow = [IpPrefix.Parse("2001:db8:1::/64")],
            PortQuotaPerClient = quota,
            AddressDependentFiltering = addressDependentFiltering,
        }, Time);
        Metrics = new Nat64Metrics(TestResolvers.MeterFactory);
        Translator translator = virtioHeader ? new Translator(new TranslatorOptions { SegmentMtu = 1500 }) : new Translator();
        Path = new Nat64Datapath(Nat64Prefix.Parse(Prefix), State, translator, Metrics, icmpErrorsPerSecond: 1000);
        Worker = new Nat64Worker(Path, Tun, virtioHeader, coalesceUdp);
    }

    public FakeTimeProvider Time { get; }

    public Nat64StateTable State { get; }

    public Nat64Metrics Metrics { get; }

    public Nat64Datapath Path { get; }

    public InMemoryTunQueue Tun { get; } = new();

    public Nat64Worker Worker { get; }

    public long Dropped(Nat64DropReason reason) => Worker.Counters.Dropped[(int)reason];

    public long Translated(Nat64Direction direction) => Worker.Counters.Translated[(int)direction];

    public long SuperPackets(Nat64Direction direction) => Worker.Counters.SuperPackets[(int)direction];

    public long Coalesced(Nat64Direction direction) => Worker.Counters.Coalesced[(int)direction];

    public long TranslatorDropped(TranslationDropReason reason) => Worker.Counters.TranslatorDropped[(int)reason];

    /// <summary>Processes one packet and returns what was written (possibly nothing).</summary>
    public byte[][] Send(byte[] packet)
    {
        Tun.Written.Clear();
        Worker.Process(packet);
        byte[][] written = [.. Tun.Written];
        Tun.Written.Clear();
        return written;
    }

    public byte[] SendExpectingOne(byte[] packet) => Assert.Single(Send(packet));

    public static byte[] Udp6(string source, string destination, ushort sourcePort, ushort destinationPort, byte hopLimit = 64, byte[]? data = null) =>
        Nat64TestPackets.Ipv6(source, destination, Nat64TestPackets.ProtoUdp,
            Nat64TestPackets.Udp(source, destination, sourcePort, destinationPort, data ?? "hello"u8.ToArray()), hopLimit);

    public static byte[] Udp4(string source, string destination, ushort sourcePort, ushort destinationPort, byte[]? data = null) =>
        Nat64TestPackets.Ipv4(source, destination, Nat64TestPackets.ProtoUdp,
            Nat64TestPackets.Udp(source, destination, sourcePort, destinationPort, data ?? "world"u8.ToArray()));

    public static string V4(ReadOnlySpan<byte> packet, int offset) => new System.Net.IPAddress(packet.Slice(offset, 4)).ToString();

    public static string V6(ReadOnlySpan<byte> packet, int offset) => new System.Net.IPAddress(packet.Slice(offset, 16)).ToString();

    public static ushort Port(ReadOnlySpan<byte> packet, int offset) => BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
}
