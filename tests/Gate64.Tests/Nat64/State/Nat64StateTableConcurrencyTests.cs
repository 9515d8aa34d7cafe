using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Nat64.State.Nat64StateTestKit;

namespace Gate64.Tests.Nat64.State;

public class Nat64StateTableConcurrencyTests
{
    private const int Threads = 8;

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void OutboundAndInbound_EightThreads_ConsistentMappingsAndCounts()
    {
        RecordingMappingLog log = new();
        Nat64StateTable table = Table(_time, "198.51.100.0/29", log);
        // Every thread drives the same 400 flows (50 clients × 8 ports, three protocols mixed) in its own order, so
        // creation races on every key; each also answers its flows from the IPv4 side.
        List<Flow6> flows = [];
        for (int n = 0; n < 50; n++)
        {
            for (ushort port = 1000; port < 1008; port++)
            {
                flows.Add((port % 3) switch
                {
                    0 => Udp6(Client(n), port, Server(n)),
                    1 => Tcp6(Client(n), port, Server(n)),
                    _ => Icmp6(Client(n), port, Server(n)),
                });
            }
        }
        (uint Address, ushort Port)[][] seen = new (uint, ushort)[Threads][];
        using Barrier start = new(Threads);

        Thread[] threads = new Thread[Threads];
        List<Exception> failures = [];
        for (int t = 0; t < Threads; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                try
                {
                    seen[id] = new (uint, ushort)[flows.Count];
                    Random random = new(id);
                    int[] order = [.. Enumerable.Range(0, flows.Count).OrderBy(_ => random.Next())];
                    start.SignalAndWait();
                    for (int round = 0; round < 20; round++)
                    {
                        foreach (int i in order)
                        {
                            Flow6 flow = flows[i];
                            TcpFlags flags = round == 0 ? TcpFlags.Syn : TcpFlags.Ack;
                            Assert.Equal(Nat64Verdict.Forward, table.Outbound(flow, flags, out uint address, out ushort port));
                            if (round == 0)
                            {
                                seen[id][i] = (address, port);
                            }
                            else
                            {
                                Assert.Equal(seen[id][i], (address, port));
                            }
                            Assert.Equal(Nat64Verdict.Forward, table.Inbound(Reply(flow, (address, port)), flags | TcpFlags.Ack, out UInt128 client, out ushort clientPort));
                            Assert.Equal((flow.Source, flow.SourcePort), (client, clientPort));
                        }
                        if (id == 0)
                        {
                            table.Sweep();
                        }
                    }
                }
                catch (Exception exception)
                {
                    lock (failures)
                    {
                        failures.Add(exception);
                    }
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        for (int t = 1; t < Threads; t++)
        {
            Assert.Equal(seen[0], seen[t]);   // endpoint-independent: every thread saw the same mapping
        }
        // Pool ports are per protocol: no two flows share (protocol, pool address, pool port).
        Assert.Equal(flows.Count, Enumerable.Range(0, flows.Count).Select(i => (flows[i].Protocol, seen[0][i])).Distinct().Count());
        Assert.Equal(flows.Count, table.BindingCount);
        Assert.Equal(flows.Count, table.SessionCount);
        Assert.Equal(flows.Count, log.Created.Count);
        foreach (IGrouping<UInt128, int> client in Enumerable.Range(0, flows.Count).GroupBy(i => flows[i].Source))
        {
            Assert.Single(client.Select(i => seen[0][i].Address).Distinct());   // paired pooling held under contention
        }

        _time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(flows.Count, table.Sweep());
        Assert.Equal(0, table.BindingCount);
        Assert.Equal(0, table.SessionCount);
        Assert.Equal(flows.Count, log.Removed.Count);
    }

    [Fact]
    public void CreateAndExpire_EightThreadsWhileSweeping_CountsAndLogBalance()
    {
        RecordingMappingLog log = new();
        Nat64StateOptions options = new()
        {
            Pool4 = IpPrefix.Parse("198.51.100.0/31"),
            Allow = [IpPrefix.Parse("2001:db8::/32")],
            MinPort = 2000,
            MaxPort = 2999,   // 2,000 UDP ports for up to 8 × 20 × 40 flows: exhaustion happens too
            PortQuotaPerClient = 30,
        };
        Nat64StateTable table = new(options, _time, log);
        List<Exception> failures = [];
        int[] verdicts = new int[Enum.GetValues<Nat64Verdict>().Length];
        Thread[] threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int id = t;
            threads[t] = new Thread(() =>
            {
                try
                {
                    Random random = new(id);
                    for (int i = 0; i < 20_000; i++)
                    {
                        UInt128 client = Client((id * 20) + random.Next(20));
                        Flow6 flow = random.Next(4) == 0
                            ? Icmp6(client, (ushort)random.Next(40), Server(random.Next(5)))
                            : Udp6(client, (ushort)(1000 + random.Next(40)), Server(random.Next(5)));
                        Nat64Verdict verdict = table.Outbound(flow, TcpFlags.None, out uint address, out ushort port);
                        Interlocked.Increment(ref verdicts[(int)verdict]);
                        if (verdict == Nat64Verdict.Forward)
                        {
                            // Forward, to this client unless the sweep removed the binding in between and another
                            // client's new binding took the pool port (no port quarantine yet), or NoBinding.
                            Nat64Verdict back = table.Inbound(Reply(flow, (address, port)), TcpFlags.None, out _, out _);
                            Assert.True(back is Nat64Verdict.Forward or Nat64Verdict.NoBinding, $"{back}");
                        }
                        if (id == 0 && i % 100 == 0)
                        {
                            _time.Advance(TimeSpan.FromSeconds(15));
                            table.Sweep();
                        }
                    }
                }
                catch (Exception exception)
                {
                    lock (failures)
                    {
                        failures.Add(exception);
                    }
                }
            });
            threads[t].Start();
        }
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        Assert.True(verdicts[(int)Nat64Verdict.Forward] > 0);
        Assert.Equal(log.Created.Count - log.Removed.Count, table.BindingCount);
        _time.Advance(TimeSpan.FromHours(1));
        table.Sweep();
        Assert.Equal(0, table.SessionCount);
        Assert.Equal(0, table.BindingCount);
        Assert.Equal(log.Created.Count, log.Removed.Count);
    }

    [Fact]
    public void Outbound_ExistingFlow_AllocatesNothing()
    {
        Nat64StateTable table = Table(_time, "198.51.100.0/24");
        Flow6 udp = Udp6(Client(1), 1000, Server(1));
        Flow6 tcp = Tcp6(Client(1), 1001, Server(1));
        Flow6 icmp = Icmp6(Client(1), 1002, Server(1));
        (uint Address, ushort Port) udpPool = table.Out(udp);
        (uint Address, ushort Port) tcpPool = table.Out(tcp, TcpFlags.Syn);
        table.In(tcp, tcpPool, TcpFlags.Syn | TcpFlags.Ack);
        (uint Address, ushort Port) icmpPool = table.Out(icmp);
        for (int i = 0; i < 100; i++)
        {
            RunSteadyState();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            RunSteadyState();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void RunSteadyState()
        {
            table.Outbound(udp, TcpFlags.None, out _, out _);
            table.Outbound(tcp, TcpFlags.Ack | TcpFlags.Psh, out _, out _);
            table.Outbound(icmp, TcpFlags.None, out _, out _);
            table.Inbound(Reply(udp, udpPool), TcpFlags.None, out _, out _);
            table.Inbound(Reply(tcp, tcpPool), TcpFlags.Ack, out _, out _);
            table.Inbound(Reply(icmp, icmpPool), TcpFlags.None, out _, out _);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            table.Sweep();
        }
    }
}
