using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Nat64.State.Nat64StateTestKit;

namespace Gate64.Tests.Nat64.State;

public class Nat64StateTableTimerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Udp_Idle_ExpiresAfterFiveMinutes()
    {
        Nat64StateTable table = Table(_time);
        table.Out(Udp6(Client(1), 1000, Server(1)));

        AssertExpiresIn(table, _time, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Icmp_Idle_ExpiresAfterSixtySeconds()
    {
        Nat64StateTable table = Table(_time);
        table.Out(Icmp6(Client(1), 1, Server(1)));

        AssertExpiresIn(table, _time, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Udp_ConfiguredTimeout_Honoured()
    {
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/30"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            UdpTimeout = TimeSpan.FromSeconds(120),
        };
        Nat64StateTable table = new(options, _time);
        table.Out(Udp6(Client(1), 1000, Server(1)));

        AssertExpiresIn(table, _time, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public void Udp_TrafficEitherWay_RestartsTheLifetime()
    {
        Nat64StateTable table = Table(_time);
        Flow6 flow = Udp6(Client(1), 1000, Server(1));
        (uint Address, ushort Port) pool = table.Out(flow);

        _time.Advance(TimeSpan.FromMinutes(4));
        table.Out(flow);
        _time.Advance(TimeSpan.FromMinutes(4));
        table.In(flow, pool);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, table.Sweep());

        AssertExpiresIn(table, _time, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Sweep_ManySessions_ExpireInOrderAcrossBatches()
    {
        Nat64StateTable table = Table(_time, "198.51.100.0/28");
        for (int n = 0; n < 3000; n++)
        {
            table.Out(Udp6(Client(n % 300), (ushort)(1000 + (n / 300)), Server(n)));
            if (n == 1499)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        Assert.Equal(3000, table.SessionCount);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(1500, table.Sweep());
        Assert.Equal(1500, table.SessionCount);
        Assert.Equal(1500, table.BindingCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1500, table.Sweep());
        Assert.Equal(0, table.SessionCount);
        Assert.Equal(0, table.BindingCount);
    }

    [Fact]
    public void Sweep_SessionsOfOneBinding_BindingLivesWhileAnyDoes()
    {
        Nat64StateTable table = Table(_time);
        (uint Address, ushort Port) pool = table.Out(Udp6(Client(1), 1000, Server(1)));
        _time.Advance(TimeSpan.FromMinutes(2));
        table.Out(Udp6(Client(1), 1000, Server(2)));

        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, table.Sweep());
        Assert.Equal(1, table.BindingCount);
        Assert.Equal(pool, table.Out(Udp6(Client(1), 1000, Server(3))));
    }
}
