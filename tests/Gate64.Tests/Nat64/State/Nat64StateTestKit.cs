using System.Net;
using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;
using Microsoft.Extensions.Time.Testing;

namespace Gate64.Tests.Nat64.State;

/// <summary>Addresses, flows and tables for the state table tests (documentation prefixes only).</summary>
internal static class Nat64StateTestKit
{
    public static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    public static UInt128 V6(string address) => Nat64Mapping.ToValue(IPAddress.Parse(address));

    public static uint V4(string address) => (uint)Nat64Mapping.ToValue(IPAddress.Parse(address));

    /// <summary>The n-th client in 2001:db8:1::/64.</summary>
    public static UInt128 Client(int n) => V6("2001:db8:1::") + (UInt128)(uint)n;

    /// <summary>The n-th server in 203.0.113.0/24 (and beyond: the value only matters as a key).</summary>
    public static uint Server(int n) => V4("203.0.113.0") + (uint)n;

    public static Flow6 Udp6(UInt128 client, ushort clientPort, uint server, ushort serverPort = 53) =>
        new(Nat64Protocol.Udp, client, clientPort, server, serverPort);

    public static Flow6 Tcp6(UInt128 client, ushort clientPort, uint server, ushort serverPort = 443) =>
        new(Nat64Protocol.Tcp, client, clientPort, server, serverPort);

    public static Flow6 Icmp6(UInt128 client, ushort identifier, uint server) =>
        new(Nat64Protocol.Icmp, client, identifier, server, identifier);

    public static Nat64StateOptions Options(string pool = "198.51.100.0/30") => new()
    {
        Pool4 = IpPrefix.Parse(pool),
        Allow = [IpPrefix.Parse("2001:db8::/32")],
    };

    public static Nat64StateTable Table(FakeTimeProvider time, string pool = "198.51.100.0/30", INat64MappingLog? log = null) =>
        new(Options(pool), time, log);

    /// <summary>Sends a packet of <paramref name="flow"/> out and asserts it is forwarded; returns the pool side.</summary>
    public static (uint Address, ushort Port) Out(this Nat64StateTable table, Flow6 flow, TcpFlags flags = TcpFlags.Ack)
    {
        Assert.Equal(Nat64Verdict.Forward, table.Outbound(flow, flags, out uint address, out ushort port));
        return (address, port);
    }

    /// <summary>The reply to <paramref name="flow"/> from its server, as it arrives at the pool address and port.</summary>
    public static Flow4 Reply(Flow6 flow, (uint Address, ushort Port) pool) =>
        new(flow.Protocol, flow.Destination, flow.DestinationPort, pool.Address, pool.Port);

    /// <summary>Sends a packet in and asserts it is forwarded to <paramref name="flow"/>'s client.</summary>
    public static void In(this Nat64StateTable table, Flow6 flow, (uint Address, ushort Port) pool, TcpFlags flags = TcpFlags.Ack)
    {
        Assert.Equal(Nat64Verdict.Forward, table.Inbound(Reply(flow, pool), flags, out UInt128 client, out ushort clientPort));
        Assert.Equal(flow.Source, client);
        Assert.Equal(flow.SourcePort, clientPort);
    }

    /// <summary>Asserts that a lone session lives exactly <paramref name="lifetime"/> from now.</summary>
    public static void AssertExpiresIn(Nat64StateTable table, FakeTimeProvider time, TimeSpan lifetime, int sessions = 1)
    {
        time.Advance(lifetime - Tick);
        Assert.Equal(0, table.Sweep());
        Assert.Equal(sessions, table.SessionCount);
        time.Advance(Tick);
        Assert.Equal(sessions, table.Sweep());
        Assert.Equal(0, table.SessionCount);
        Assert.Equal(0, table.BindingCount);
    }
}
