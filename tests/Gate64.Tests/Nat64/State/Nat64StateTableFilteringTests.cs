using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Nat64.State.Nat64StateTestKit;

namespace Gate64.Tests.Nat64.State;

public class Nat64StateTableFilteringTests
{
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(Nat64Protocol.Udp, TcpFlags.None)]
    [InlineData(Nat64Protocol.Tcp, TcpFlags.Syn)]
    [InlineData(Nat64Protocol.Tcp, TcpFlags.Ack)]
    [InlineData(Nat64Protocol.Icmp, TcpFlags.None)]
    public void Inbound_NoBinding_NoBinding(Nat64Protocol protocol, TcpFlags flags)
    {
        Nat64StateTable table = Table(_time);
        table.Out(Udp6(Client(1), 1000, Server(1)));

        Nat64Verdict verdict = table.Inbound(new Flow4(protocol, Server(1), 53, V4("198.51.100.1"), 1001), flags, out UInt128 client, out ushort port);

        Assert.Equal(Nat64Verdict.NoBinding, verdict);
        Assert.Equal((UInt128.Zero, (ushort)0), (client, port));
        Assert.Equal(1, table.SessionCount);
    }

    [Fact]
    public void Inbound_EndpointIndependentFiltering_AnyHostReachesTheBinding()
    {
        Nat64StateTable table = Table(_time);
        (uint Address, ushort Port) pool = table.Out(Udp6(Client(1), 1000, Server(1)));

        Nat64Verdict verdict = table.Inbound(new Flow4(Nat64Protocol.Udp, Server(77), 3478, pool.Address, pool.Port), TcpFlags.None, out UInt128 client, out ushort port);

        Assert.Equal(Nat64Verdict.Forward, verdict);
        Assert.Equal((Client(1), (ushort)1000), (client, port));
        Assert.Equal(2, table.SessionCount);   // the new host has a session; the client's reply goes out on it
        Assert.Equal(pool, table.Out(Udp6(Client(1), 1000, Server(77), 3478)));
        Assert.Equal(2, table.SessionCount);
    }

    [Fact]
    public void Inbound_EndpointIndependentFiltering_IcmpEchoFromAnotherHost()
    {
        Nat64StateTable table = Table(_time);
        (uint Address, ushort Port) pool = table.Out(Icmp6(Client(1), 42, Server(1)));

        table.In(Icmp6(Client(1), 42, Server(1)), pool);
        Assert.Equal(Nat64Verdict.Forward, table.Inbound(new Flow4(Nat64Protocol.Icmp, Server(2), 0, pool.Address, pool.Port), TcpFlags.None, out UInt128 client, out ushort identifier));
        Assert.Equal((Client(1), (ushort)42), (client, identifier));
        Assert.Equal(2, table.SessionCount);
    }

    [Theory]
    [InlineData(Nat64Protocol.Udp, TcpFlags.None)]
    [InlineData(Nat64Protocol.Tcp, TcpFlags.Syn)]
    [InlineData(Nat64Protocol.Tcp, TcpFlags.Ack)]
    [InlineData(Nat64Protocol.Icmp, TcpFlags.None)]
    public void Inbound_AddressDependentFiltering_OnlyAddressesTheClientSentTo(Nat64Protocol protocol, TcpFlags flags)
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            AddressDependentFiltering = true,
        };
        Nat64StateTable table = new(options, _time);
        Flow6 flow = new(protocol, Client(1), 1000, Server(1), 80);
        Assert.Equal(Nat64Verdict.Forward, table.Outbound(flow, TcpFlags.Syn, out uint poolAddress, out ushort poolPort));

        Assert.Equal(Nat64Verdict.Filtered, table.Inbound(new Flow4(protocol, Server(2), 80, poolAddress, poolPort), flags, out UInt128 client, out ushort port));
        Assert.Equal((UInt128.Zero, (ushort)0), (client, port));

        // Same address, another port: address-dependent, not address-and-port-dependent.
        Assert.Equal(Nat64Verdict.Forward, table.Inbound(new Flow4(protocol, Server(1), 8080, poolAddress, poolPort), flags, out client, out port));
        Assert.Equal((Client(1), (ushort)1000), (client, port));

        // Once the client has sent to the other host, it may answer.
        Assert.Equal(Nat64Verdict.Forward, table.Outbound(flow with { Destination = Server(2) }, TcpFlags.Syn, out _, out _));
        Assert.Equal(Nat64Verdict.Forward, table.Inbound(new Flow4(protocol, Server(2), 9999, poolAddress, poolPort), flags, out _, out _));
    }

    [Fact]
    public void Inbound_AddressDependentFiltering_PermissionEndsWithTheSessions()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            AddressDependentFiltering = true,
        };
        Nat64StateTable table = new(options, _time);
        (uint Address, ushort Port) pool = table.Out(Udp6(Client(1), 1000, Server(1)));
        _time.Advance(TimeSpan.FromMinutes(3));
        table.Out(Udp6(Client(1), 1000, Server(2)));   // keeps the binding alive
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, table.Sweep());

        Assert.Equal(Nat64Verdict.Filtered, table.Inbound(new Flow4(Nat64Protocol.Udp, Server(1), 53, pool.Address, pool.Port), TcpFlags.None, out _, out _));
        Assert.Equal(Nat64Verdict.Forward, table.Inbound(new Flow4(Nat64Protocol.Udp, Server(2), 53, pool.Address, pool.Port), TcpFlags.None, out _, out _));
    }

    [Fact]
    public void Inbound_OtherProtocolOrPort_NoBinding()
    {
        Nat64StateTable table = Table(_time);
        (uint Address, ushort Port) pool = table.Out(Udp6(Client(1), 1000, Server(1)));

        Assert.Equal(Nat64Verdict.NoBinding, table.Inbound(new Flow4(Nat64Protocol.Tcp, Server(1), 53, pool.Address, pool.Port), TcpFlags.Syn, out _, out _));
        Assert.Equal(Nat64Verdict.NoBinding, table.Inbound(new Flow4(Nat64Protocol.Udp, Server(1), 53, pool.Address, (ushort)(pool.Port + 1)), TcpFlags.None, out _, out _));
        Assert.Equal(Nat64Verdict.NoBinding, table.Inbound(new Flow4(Nat64Protocol.Udp, Server(1), 53, pool.Address ^ 1, pool.Port), TcpFlags.None, out _, out _));
    }
}
