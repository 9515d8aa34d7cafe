using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Nat64.State.Nat64StateTestKit;

namespace Gate64.Tests.Nat64.State;

public class Nat64StateTableMappingTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Outbound_OneClientPortToManyDestinations_OneMappingForAll()
    {
        Nat64StateTable table = Table(_time);
        UInt128 client = Client(1);

        (uint Address, ushort Port) first = table.Out(Udp6(client, 40000, Server(1)));
        Assert.Equal(first, table.Out(Udp6(client, 40000, Server(2))));
        Assert.Equal(first, table.Out(Udp6(client, 40000, Server(2), 123)));
        Assert.Equal(first, table.Out(Udp6(client, 40000, Server(3))));

        Assert.True(table.IsPoolAddress(first.Address));
        Assert.Equal(1, table.BindingCount);
        Assert.Equal(4, table.SessionCount);
        // Each destination's replies reach the client through the one mapping.
        table.In(Udp6(client, 40000, Server(2), 123), first);
        table.In(Udp6(client, 40000, Server(3)), first);
    }

    [Fact]
    public void Outbound_TcpAndIcmp_EndpointIndependentToo()
    {
        Nat64StateTable table = Table(_time);
        UInt128 client = Client(1);

        (uint Address, ushort Port) tcp = table.Out(Tcp6(client, 50000, Server(1)), TcpFlags.Syn);
        Assert.Equal(tcp, table.Out(Tcp6(client, 50000, Server(2), 80), TcpFlags.Syn));
        (uint Address, ushort Port) icmp = table.Out(Icmp6(client, 7, Server(1)));
        Assert.Equal(icmp, table.Out(Icmp6(client, 7, Server(2))));

        Assert.Equal(2, table.BindingCount);
        Assert.Equal(4, table.SessionCount);
    }

    [Fact]
    public void Outbound_ClientPortFree_KeepsTheClientPort()
    {
        Nat64StateTable table = Table(_time);

        Assert.Equal(40001, table.Out(Udp6(Client(1), 40001, Server(1))).Port);
        Assert.Equal(40001, table.Out(Tcp6(Client(1), 40001, Server(1)), TcpFlags.Syn).Port);   // another protocol, another port space
        Assert.Equal(9, table.Out(Icmp6(Client(1), 9, Server(1))).Port);
    }

    [Fact]
    public void Outbound_ClientPortTaken_KeepsParityAndRange()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.7/32"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            MinPort = 100,
        };
        Nat64StateTable table = new(options, _time);
        HashSet<ushort> ports = [];

        for (int n = 0; n < 50; n++)
        {
            ushort even = table.Out(Udp6(Client(n), 5000, Server(1))).Port;
            ushort odd = table.Out(Udp6(Client(n), 5001, Server(1))).Port;
            ushort lowOdd = table.Out(Udp6(Client(n), 123, Server(1))).Port;
            ushort lowEven = table.Out(Udp6(Client(n), 500, Server(1))).Port;

            Assert.True(even >= 1024 && even % 2 == 0, $"{even}");
            Assert.True(odd >= 1024 && odd % 2 == 1, $"{odd}");
            Assert.True(lowOdd is >= 100 and < 1024 && lowOdd % 2 == 1, $"{lowOdd}");
            Assert.True(lowEven is >= 100 and < 1024 && lowEven % 2 == 0, $"{lowEven}");
            Assert.True(ports.Add(even) && ports.Add(odd) && ports.Add(lowOdd) && ports.Add(lowEven));
        }
        Assert.Equal(200, table.BindingCount);
    }

    [Fact]
    public void Outbound_ClientPortBelowTheRange_TakesAPortInTheRange()
    {
        Nat64StateTable table = Table(_time);   // MinPort 1024

        ushort port = table.Out(Udp6(Client(1), 123, Server(1))).Port;

        Assert.True(port >= 1024 && port % 2 == 1, $"{port}");
    }

    [Fact]
    public void Outbound_OneClient_KeepsOnePoolAddressForEveryBinding()
    {
        Nat64StateTable table = Table(_time);   // four addresses
        HashSet<uint> addresses = [];

        for (ushort port = 1; port <= 30; port++)
        {
            addresses.Add(table.Out(Udp6(Client(1), port, Server(1))).Address);
            addresses.Add(table.Out(Tcp6(Client(1), port, Server(1)), TcpFlags.Syn).Address);
            addresses.Add(table.Out(Icmp6(Client(1), port, Server(1))).Address);
        }

        Assert.Single(addresses);
        Assert.Equal(90, table.BindingCount);
    }

    [Fact]
    public void Outbound_PairedAddressFull_FallsOverForNewClientsOnly()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/31"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            MinPort = 5000,
            MaxPort = 5001,
        };
        Nat64StateTable table = new(options, _time);
        (uint Address, ushort Port) a1 = table.Out(Udp6(Client(1), 1000, Server(1)));
        (uint Address, ushort Port) a2 = table.Out(Udp6(Client(1), 1001, Server(1)));
        Assert.Equal(a1.Address, a2.Address);

        // Client 2's hash may point at the full address: it falls over to the other one.
        (uint Address, ushort Port) b1 = table.Out(Udp6(Client(2), 1000, Server(1)));
        Assert.NotEqual(a1.Address, b1.Address);

        // Client 1 keeps its address (RFC 6888 REQ-2) even though the other one has a free port.
        Assert.Equal(Nat64Verdict.PoolExhausted, table.Outbound(Udp6(Client(1), 1002, Server(1)), TcpFlags.None, out _, out _));
        Assert.Equal(b1.Address, table.Out(Udp6(Client(2), 1001, Server(1))).Address);
        Assert.Equal(Nat64Verdict.PoolExhausted, table.Outbound(Udp6(Client(3), 1000, Server(1)), TcpFlags.None, out _, out _));
    }

    [Fact]
    public void Outbound_QuotaReached_RefusesNewBindingsOnly()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            PortQuotaPerClient = 3,
        };
        Nat64StateTable table = new(options, _time);
        UInt128 client = Client(1);
        (uint Address, ushort Port) udp = table.Out(Udp6(client, 1000, Server(1)));
        table.Out(Tcp6(client, 1000, Server(1)), TcpFlags.Syn);
        table.Out(Icmp6(client, 1, Server(1)));

        Assert.Equal(Nat64Verdict.QuotaExceeded, table.Outbound(Udp6(client, 1001, Server(1)), TcpFlags.None, out uint address, out ushort port));
        Assert.Equal((0u, (ushort)0), (address, port));
        Assert.Equal(Nat64Verdict.QuotaExceeded, table.Outbound(Tcp6(client, 1001, Server(1)), TcpFlags.Syn, out _, out _));

        // Existing bindings still take new sessions; other clients are not affected.
        Assert.Equal(udp, table.Out(Udp6(client, 1000, Server(2))));
        table.Out(Udp6(Client(2), 1001, Server(1)));
        Assert.Equal(4, table.BindingCount);

        // Once a binding expires the quota has room again.
        _time.Advance(options.UdpTimeout);
        table.Sweep();
        table.Out(Udp6(client, 1001, Server(1)));
    }

    [Fact]
    public void Outbound_PoolExhausted_RefusesAndEvictsNothing()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.9/32"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            MinPort = 2000,
            MaxPort = 2003,
        };
        Nat64StateTable table = new(options, _time);
        List<(Flow6 Flow, (uint Address, ushort Port) Pool)> live = [];
        for (int n = 0; n < 4; n++)
        {
            Flow6 flow = Udp6(Client(n), 3000, Server(n));
            live.Add((flow, table.Out(flow)));
        }
        Assert.Equal(4, live.Select(entry => entry.Pool.Port).Distinct().Count());
        Assert.All(live, entry => Assert.InRange(entry.Pool.Port, (ushort)2000, (ushort)2003));

        _time.Advance(TimeSpan.FromMinutes(1));
        for (int n = 4; n < 20; n++)
        {
            Assert.Equal(Nat64Verdict.PoolExhausted, table.Outbound(Udp6(Client(n), 3000, Server(1)), TcpFlags.None, out uint address, out ushort port));
            Assert.Equal((0u, (ushort)0), (address, port));
        }
        Assert.Equal(Nat64Verdict.PoolExhausted, table.Outbound(Udp6(Client(0), 3001, Server(1)), TcpFlags.None, out _, out _));

        // Every live flow kept its mapping, both ways.
        Assert.Equal(4, table.BindingCount);
        Assert.Equal(4, table.SessionCount);
        foreach ((Flow6 flow, (uint Address, ushort Port) pool) in live)
        {
            Assert.Equal(pool, table.Out(flow));
            table.In(flow, pool);
        }

        // ICMP identifiers are not limited to the port range.
        table.Out(Icmp6(Client(9), 5, Server(1)));

        // A freed port is bound again.
        _time.Advance(options.UdpTimeout);
        Assert.Equal(5, table.Sweep());
        table.Out(Udp6(Client(9), 3000, Server(1)));
    }

    [Fact]
    public void Outbound_TwoHundredClientsOnOneAddress_AllMappedBothWays()
    {
        Nat64StateTable table = Table(_time, "198.51.100.1/32");
        Dictionary<ushort, int> owners = [];
        List<(Flow6 Flow, (uint Address, ushort Port) Pool)> flows = [];

        for (int n = 0; n < 200; n++)
        {
            Flow6 flow = Tcp6(Client(n), 40000, Server(1));   // every client uses the same source port
            (uint Address, ushort Port) pool = table.Out(flow, TcpFlags.Syn);
            Assert.Equal(V4("198.51.100.1"), pool.Address);
            owners.Add(pool.Port, n);
            flows.Add((flow, pool));
        }

        Assert.Equal(200, table.BindingCount);
        foreach ((Flow6 flow, (uint Address, ushort Port) pool) in flows)
        {
            table.In(flow, pool, TcpFlags.Syn | TcpFlags.Ack);
        }
    }

    [Fact]
    public void Outbound_AllowList_OnlyListedSourcesGetBindings()
    {
        Nat64StateTable closed = new(new Nat64StateOptions { Pool4 = IpPrefix.Parse("198.51.100.0/30") }, _time);
        Assert.Equal(Nat64Verdict.NotAllowed, closed.Outbound(Udp6(Client(1), 1000, Server(1)), TcpFlags.None, out _, out _));
        Assert.Equal(Nat64Verdict.NotAllowed, closed.Outbound(Tcp6(Client(1), 1000, Server(1)), TcpFlags.Syn, out _, out _));

        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            Allow = [IpPrefix.Parse("2001:db8:1::/64"), IpPrefix.Parse("2001:db8:99::5/128")],
        };
        Nat64StateTable table = new(options, _time);
        table.Out(Udp6(Client(1), 1000, Server(1)));
        table.Out(Udp6(V6("2001:db8:99::5"), 1000, Server(1)));
        Assert.Equal(Nat64Verdict.NotAllowed, table.Outbound(Udp6(V6("2001:db8:2::1"), 1000, Server(1)), TcpFlags.None, out _, out _));
        Assert.Equal(Nat64Verdict.NotAllowed, table.Outbound(Udp6(V6("2001:db8:99::6"), 1000, Server(1)), TcpFlags.None, out _, out _));
        Assert.Equal(2, table.BindingCount);
    }

    [Fact]
    public void MappingLog_BindingsCreatedAndRemoved_LoggedOnceEachWithoutDestinations()
    {
        RecordingMappingLog log = new();
        Nat64StateTable table = Table(_time, log: log);
        UInt128 client = Client(1);

        (uint Address, ushort Port) pool = table.Out(Udp6(client, 1000, Server(1)));
        table.Out(Udp6(client, 1000, Server(2)));
        table.Out(Udp6(client, 1000, Server(1)));
        (uint Address, ushort Port) icmp = table.Out(Icmp6(client, 77, Server(1)));

        Assert.Equal(
            [(Nat64Protocol.Udp, client, (ushort)1000, pool.Address, pool.Port), (Nat64Protocol.Icmp, client, (ushort)77, icmp.Address, icmp.Port)],
            log.Created);
        Assert.Empty(log.Removed);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, table.Sweep());   // the echo session
        Assert.Equal([(Nat64Protocol.Icmp, client, (ushort)77, icmp.Address, icmp.Port)], log.Removed);

        table.Out(Udp6(client, 1000, Server(2)));   // refreshes one UDP session only
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, table.Sweep());   // the other UDP session: the binding stays
        Assert.Single(log.Removed);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, table.Sweep());
        Assert.Equal((Nat64Protocol.Udp, client, (ushort)1000, pool.Address, pool.Port), log.Removed[1]);
        Assert.Equal(0, table.BindingCount);
    }

    [Fact]
    public void TryGetBinding_BothSides_FindWithoutRefreshing()
    {
        Nat64StateTable table = Table(_time);
        Flow6 flow = Udp6(Client(1), 1000, Server(1));
        (uint Address, ushort Port) pool = table.Out(flow);

        Assert.True(table.TryGetBinding6(Nat64Protocol.Udp, Client(1), 1000, out uint address, out ushort port));
        Assert.Equal(pool, (address, port));
        Assert.True(table.TryGetBinding4(Nat64Protocol.Udp, pool.Address, pool.Port, out UInt128 client, out ushort clientPort));
        Assert.Equal((Client(1), (ushort)1000), (client, clientPort));
        Assert.False(table.TryGetBinding6(Nat64Protocol.Tcp, Client(1), 1000, out _, out _));
        Assert.False(table.TryGetBinding4(Nat64Protocol.Udp, pool.Address, (ushort)(pool.Port + 1), out _, out _));

        _time.Advance(TimeSpan.FromMinutes(4));
        table.TryGetBinding6(Nat64Protocol.Udp, Client(1), 1000, out _, out _);
        table.TryGetBinding4(Nat64Protocol.Udp, pool.Address, pool.Port, out _, out _);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, table.Sweep());
        Assert.False(table.TryGetBinding6(Nat64Protocol.Udp, Client(1), 1000, out _, out _));
    }

    [Fact]
    public void Outbound_SessionLimitPerBinding_TranslatesWithoutNewState()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            MaxSessionsPerBinding = 2,
        };
        Nat64StateTable table = new(options, _time);
        Flow6 flow = Udp6(Client(1), 1000, Server(1));
        (uint Address, ushort Port) pool = table.Out(flow);
        table.Out(Udp6(Client(1), 1000, Server(2)));

        Assert.Equal(pool, table.Out(Udp6(Client(1), 1000, Server(3))));
        Assert.Equal(Nat64Verdict.Forward, table.Inbound(new Flow4(Nat64Protocol.Udp, Server(4), 53, pool.Address, pool.Port), TcpFlags.None, out _, out _));
        Assert.Equal(2, table.SessionCount);
    }

    [Theory]
    [InlineData("2001:db8::/64", null, 1024, 65535)]
    [InlineData("198.51.100.0/15", null, 1024, 65535)]
    [InlineData("198.51.100.0/30", "192.0.2.0/24", 1024, 65535)]
    [InlineData("198.51.100.0/30", null, 0, 65535)]
    [InlineData("198.51.100.0/30", null, 3000, 2000)]
    public void Constructor_InvalidOptions_Throws(string pool, string? allow, int minPort, int maxPort)
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse(pool),
            Allow = allow is null ? [] : [IpPrefix.Parse(allow)],
            MinPort = (ushort)minPort,
            MaxPort = (ushort)maxPort,
        };

        Assert.Single(options.Validate());
        Assert.Throws<ArgumentException>(() => new Nat64StateTable(options, _time));
    }

    [Fact]
    public void Validate_ZeroTimeoutAndQuota_ReportsEach()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            PortQuotaPerClient = 0,
            UdpTimeout = TimeSpan.Zero,
            TcpIncomingSynTimeout = TimeSpan.FromSeconds(-1),
        };

        Assert.Equal(3, options.Validate().Count);
    }
}
