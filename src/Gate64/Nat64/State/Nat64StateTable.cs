using System.Buffers.Binary;
using Gate64.Protocols.Ip;
using Gate64.Protocols.Nat64;

namespace Gate64.Nat64.State;

/// <summary>
/// The RFC 6146 binding (BIB) and session tables of the stateful NAT64.
/// <list type="bullet">
/// <item>Endpoint-independent mapping (RFC 4787 REQ-1): one BIB entry per (protocol, client, client port) for every
/// destination while it has sessions. Paired pooling (RFC 6888 REQ-2): a client keeps one pool address while it has
/// bindings, chosen by a hash of its address, falling over to the next addresses (at most
/// <see cref="MaxAddressProbes"/>) when that one has no free port.</item>
/// <item>Filtering: endpoint-independent by default, address-dependent as an option.</item>
/// <item>Limits: a port quota per client address (<see cref="Nat64Verdict.QuotaExceeded"/>), the pool itself
/// (<see cref="Nat64Verdict.PoolExhausted"/>); a live session or binding is never evicted to make room (RFC 6888
/// REQ-11). Bindings are at most pool addresses × ports by construction (one bit each in a port map), sessions at
/// most <see cref="Nat64StateOptions.MaxSessionsPerBinding"/> per binding.</item>
/// <item>TCP follows the RFC 6146 §3.5.2.2 state machine. Deviations: an IPv4 SYN with no BIB entry is refused
/// (<see cref="Nat64Verdict.NoBinding"/>) rather than stored for a simultaneous open; an IPv4 SYN refused by
/// address-dependent filtering is <see cref="Nat64Verdict.Filtered"/> (no storage either); a session opened by an IPv4
/// SYN (V4 INIT) lives <see cref="Nat64StateOptions.TcpIncomingSynTimeout"/>; RST in a FIN RCV state goes to TRANS
/// (Jool's handle-rst-during-fin-rcv); an established session that times out is removed without a probe. A TCP
/// segment that is not a SYN, with a BIB entry but no session, is translated on the binding without creating a
/// session (as Jool does); without a BIB entry it is <see cref="Nat64Verdict.Dropped"/>.</item>
/// </list>
/// Threading: one lock for everything. Every protocol shares the per-client quota and the paired pool address, so
/// stripes would need a second lock for those; the critical section of a packet of a known flow is two dictionary
/// lookups on value-type keys and an O(1) relink in an expiry list, and allocates nothing. <see cref="Sweep"/> takes
/// the lock in batches of <see cref="SweepBatch"/> removals. The mapping log is called after the lock is released.
/// If the lock shows up under load, shard the table by pool port (VPP's worker hand-off) rather than striping it.
/// </summary>
public sealed class Nat64StateTable
{
    /// <summary>Pool addresses tried for a new client before giving up with <see cref="Nat64Verdict.PoolExhausted"/>.</summary>
    internal const int MaxAddressProbes = 64;

    /// <summary>Sessions removed per lock acquisition in <see cref="Sweep"/>.</summary>
    internal const int SweepBatch = 1024;

    private readonly Nat64StateOptions _options;
    private readonly TimeProvider _time;
    private readonly INat64MappingLog? _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<Nat64BindingKey6, Nat64Binding> _bib6 = [];
    private readonly Dictionary<Nat64BindingKey4, Nat64Binding> _bib4 = [];
    private readonly Dictionary<Nat64SessionKey, Nat64Session> _sessions = [];
    private readonly Dictionary<Nat64FilterKey, int> _filter = [];
    private readonly Dictionary<UInt128, Nat64Client> _clients = [];
    private readonly Nat64PoolAddress?[] _pool;
    private readonly uint _poolBase;
    private readonly Nat64ExpiryList[] _timers;
    private IpPrefix[] _allow;
    private int _portQuotaPerClient;
    private readonly int[] _bindingsByProtocol = new int[3];
    private int _bindingCount;
    private int _sessionCount;

    public Nat64StateTable(Nat64StateOptions options, TimeProvider time, INat64MappingLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
        _options = options;
        _time = time;
        _log = log;
        _allow = [.. options.Allow];
        _portQuotaPerClient = options.PortQuotaPerClient;
        _poolBase = (uint)Nat64Mapping.ToValue(options.Pool4.Network);
        _pool = new Nat64PoolAddress?[1 << (32 - options.Pool4.Length)];
        _timers = new Nat64ExpiryList[5];
        _timers[(int)Nat64SessionTimer.Udp] = new(ToTimestamp(options.UdpTimeout));
        _timers[(int)Nat64SessionTimer.Icmp] = new(ToTimestamp(options.IcmpTimeout));
        _timers[(int)Nat64SessionTimer.TcpEstablished] = new(ToTimestamp(options.TcpEstablishedTimeout));
        _timers[(int)Nat64SessionTimer.TcpTransitory] = new(ToTimestamp(options.TcpTransitoryTimeout));
        _timers[(int)Nat64SessionTimer.TcpIncomingSyn] = new(ToTimestamp(options.TcpIncomingSynTimeout));
    }

    public int BindingCount => Volatile.Read(ref _bindingCount);

    public int SessionCount => Volatile.Read(ref _sessionCount);

    /// <summary>Bindings of one protocol, i.e. pool ports (ICMP: identifiers) of that protocol in use.</summary>
    public int BindingCountOf(Nat64Protocol protocol) => Volatile.Read(ref _bindingsByProtocol[ProtocolIndex(protocol)]);

    /// <summary>Pool ports (ICMP: identifiers) one protocol can use in all: pool addresses times the port range.</summary>
    public long PortCapacityOf(Nat64Protocol protocol) =>
        (long)_pool.Length * (protocol == Nat64Protocol.Icmp ? 65536 : _options.MaxPort - _options.MinPort + 1);

    public Nat64StateOptions Options => _options;

    /// <summary>The clock of the session timers (the fragment table shares it).</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// True when <paramref name="source"/> is in the allow list; without the lock (a reload swaps the list whole).
    /// For packets that create no state, such as fragments after the first.
    /// </summary>
    public bool IsAllowedSource(UInt128 source) => IsAllowed(source);

    /// <summary>
    /// Replaces who may create bindings and how many each may hold (a configuration reload). Existing
    /// bindings and sessions stay, whoever holds them: a reload never cuts a flow; a client above a
    /// lowered quota just gets no new binding until enough of its old ones expire.
    /// </summary>
    public void UpdatePolicy(IReadOnlyList<IpPrefix> allow, int portQuotaPerClient)
    {
        ArgumentNullException.ThrowIfNull(allow);
        Nat64StateOptions check = new() { Pool4 = _options.Pool4, Allow = allow, PortQuotaPerClient = portQuotaPerClient };
        IReadOnlyList<string> errors = check.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(allow));
        }
        lock (_lock)
        {
            _allow = [.. allow];
            _portQuotaPerClient = portQuotaPerClient;
        }
    }

    /// <summary>True when <paramref name="address"/> (big-endian value) is in the IPv4 pool.</summary>
    public bool IsPoolAddress(uint address) => address - _poolBase < (uint)_pool.Length;

    /// <summary>
    /// 6→4: finds or creates the BIB entry for (protocol, source, source port) and the session to (destination,
    /// destination port), runs the TCP state machine on <paramref name="tcpFlags"/> (ignored for UDP and ICMP), and
    /// returns the pool address and port to write as the IPv4 source (for ICMP, the echo identifier).
    /// </summary>
    public Nat64Verdict Outbound(in Flow6 flow, TcpFlags tcpFlags, out uint poolAddress, out ushort poolPort)
    {
        CheckProtocol(flow.Protocol);
        ushort remotePort = flow.Protocol == Nat64Protocol.Icmp ? (ushort)0 : flow.DestinationPort;
        Nat64Binding? created = null;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (!_bib6.TryGetValue(new Nat64BindingKey6(flow.Protocol, flow.Source, flow.SourcePort), out Nat64Binding? binding))
            {
                Nat64Verdict verdict = TryCreateBinding(flow, tcpFlags, out binding);
                if (verdict != Nat64Verdict.Forward)
                {
                    poolAddress = 0;
                    poolPort = 0;
                    return verdict;
                }
                created = binding;
            }
            poolAddress = binding!.PoolAddress;
            poolPort = binding.PoolPort;
            Nat64SessionKey key = new(flow.Protocol, poolAddress, poolPort, flow.Destination, remotePort);
            if (_sessions.TryGetValue(key, out Nat64Session? session))
            {
                Update(session, tcpFlags, fromV6: true, now);
            }
            else if (binding.SessionCount < _options.MaxSessionsPerBinding)
            {
                switch (flow.Protocol)
                {
                    case Nat64Protocol.Tcp when (tcpFlags & TcpFlags.Syn) != 0:
                        AddSession(key, binding, Nat64TcpState.V6Init, Nat64SessionTimer.TcpTransitory, now);
                        break;
                    case Nat64Protocol.Tcp:
                        break;   // CLOSED, not a SYN, binding exists: translate without state (a new binding needs a SYN)
                    case Nat64Protocol.Udp:
                        AddSession(key, binding, Nat64TcpState.None, Nat64SessionTimer.Udp, now);
                        break;
                    default:
                        AddSession(key, binding, Nat64TcpState.None, Nat64SessionTimer.Icmp, now);
                        break;
                }
            }
        }
        if (created is not null)
        {
            _log?.BindingCreated(created.Protocol, created.Client.Address, created.ClientPort, poolAddress, poolPort);
        }
        return Nat64Verdict.Forward;
    }

    /// <summary>
    /// 4→6: finds the BIB entry for (protocol, destination, destination port), applies filtering, creates or
    /// refreshes the session from (source, source port), runs the TCP state machine, and returns the IPv6 client and
    /// its port (for ICMP, its echo identifier).
    /// </summary>
    public Nat64Verdict Inbound(in Flow4 flow, TcpFlags tcpFlags, out UInt128 clientAddress, out ushort clientPort)
    {
        CheckProtocol(flow.Protocol);
        ushort remotePort = flow.Protocol == Nat64Protocol.Icmp ? (ushort)0 : flow.SourcePort;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (!_bib4.TryGetValue(new Nat64BindingKey4(flow.Protocol, flow.Destination, flow.DestinationPort), out Nat64Binding? binding))
            {
                clientAddress = 0;
                clientPort = 0;
                return Nat64Verdict.NoBinding;
            }
            Nat64SessionKey key = new(flow.Protocol, flow.Destination, flow.DestinationPort, flow.Source, remotePort);
            if (_sessions.TryGetValue(key, out Nat64Session? session))
            {
                Update(session, tcpFlags, fromV6: false, now);
            }
            else
            {
                if (_options.AddressDependentFiltering
                    && !_filter.ContainsKey(new Nat64FilterKey(flow.Protocol, flow.Destination, flow.DestinationPort, flow.Source)))
                {
                    clientAddress = 0;
                    clientPort = 0;
                    return Nat64Verdict.Filtered;
                }
                if (binding.SessionCount < _options.MaxSessionsPerBinding)
                {
                    switch (flow.Protocol)
                    {
                        case Nat64Protocol.Tcp when (tcpFlags & TcpFlags.Syn) != 0:
                            AddSession(key, binding, Nat64TcpState.V4Init, Nat64SessionTimer.TcpIncomingSyn, now);
                            break;
                        case Nat64Protocol.Tcp:
                            break;   // CLOSED, not a SYN: translate on the binding, no state
                        case Nat64Protocol.Udp:
                            AddSession(key, binding, Nat64TcpState.None, Nat64SessionTimer.Udp, now);
                            break;
                        default:
                            AddSession(key, binding, Nat64TcpState.None, Nat64SessionTimer.Icmp, now);
                            break;
                    }
                }
            }
            clientAddress = binding.Client.Address;
            clientPort = binding.ClientPort;
            return Nat64Verdict.Forward;
        }
    }

    /// <summary>
    /// The BIB entry of an IPv6 client's transport address, without touching any state: for ICMPv6 errors, which
    /// never create or refresh state (RFC 5508 REQ-3/4). False when there is none.
    /// </summary>
    public bool TryGetBinding6(Nat64Protocol protocol, UInt128 client, ushort clientPort, out uint poolAddress, out ushort poolPort)
    {
        lock (_lock)
        {
            if (_bib6.TryGetValue(new Nat64BindingKey6(protocol, client, clientPort), out Nat64Binding? binding))
            {
                poolAddress = binding.PoolAddress;
                poolPort = binding.PoolPort;
                return true;
            }
        }
        poolAddress = 0;
        poolPort = 0;
        return false;
    }

    /// <summary>The BIB entry of a pool transport address, without touching any state: for ICMPv4 errors.</summary>
    public bool TryGetBinding4(Nat64Protocol protocol, uint poolAddress, ushort poolPort, out UInt128 client, out ushort clientPort)
    {
        lock (_lock)
        {
            if (_bib4.TryGetValue(new Nat64BindingKey4(protocol, poolAddress, poolPort), out Nat64Binding? binding))
            {
                client = binding.Client.Address;
                clientPort = binding.ClientPort;
                return true;
            }
        }
        client = 0;
        clientPort = 0;
        return false;
    }

    /// <summary>
    /// Removes expired sessions, and the bindings left without a session; returns how many sessions were removed.
    /// A session has expired once its lifetime has fully elapsed since its last refresh.
    /// </summary>
    public int Sweep()
    {
        int removed = 0;
        List<Nat64Binding>? gone = _log is null ? null : [];
        bool more = true;
        while (more)
        {
            lock (_lock)
            {
                long now = _time.GetTimestamp();
                int budget = SweepBatch;
                more = false;
                foreach (Nat64ExpiryList list in _timers)
                {
                    while (list.Head is { } session && session.ExpiresAt <= now)
                    {
                        if (budget == 0)
                        {
                            more = true;
                            break;
                        }
                        RemoveSession(session, gone);
                        budget--;
                        removed++;
                    }
                }
            }
        }
        if (gone is not null)
        {
            foreach (Nat64Binding binding in gone)
            {
                _log!.BindingRemoved(binding.Protocol, binding.Client.Address, binding.ClientPort, binding.PoolAddress, binding.PoolPort);
            }
        }
        return removed;
    }

    /// <summary>For tests and diagnostics: the TCP state and remaining lifetime of a session, without touching it.</summary>
    internal bool TryInspect(in Flow6 flow, out Nat64TcpState state, out TimeSpan remaining)
    {
        lock (_lock)
        {
            ushort remotePort = flow.Protocol == Nat64Protocol.Icmp ? (ushort)0 : flow.DestinationPort;
            if (_bib6.TryGetValue(new Nat64BindingKey6(flow.Protocol, flow.Source, flow.SourcePort), out Nat64Binding? binding)
                && _sessions.TryGetValue(new Nat64SessionKey(flow.Protocol, binding.PoolAddress, binding.PoolPort, flow.Destination, remotePort), out Nat64Session? session))
            {
                state = session.State;
                remaining = _time.GetElapsedTime(_time.GetTimestamp(), session.ExpiresAt);
                return true;
            }
        }
        state = default;
        remaining = default;
        return false;
    }

    private Nat64Verdict TryCreateBinding(in Flow6 flow, TcpFlags tcpFlags, out Nat64Binding? binding)
    {
        binding = null;
        if (!IsAllowed(flow.Source))
        {
            return Nat64Verdict.NotAllowed;
        }
        if (flow.Protocol == Nat64Protocol.Tcp && (tcpFlags & TcpFlags.Syn) == 0)
        {
            return Nat64Verdict.Dropped;
        }
        _clients.TryGetValue(flow.Source, out Nat64Client? client);
        if (client is not null && client.BindingCount >= _portQuotaPerClient)
        {
            return Nat64Verdict.QuotaExceeded;
        }
        Nat64PoolAddress? address = client?.Pool ?? ChooseAddress(flow.Source, flow.Protocol);
        int port = address?.Allocate(flow.Protocol, flow.SourcePort) ?? -1;
        if (port < 0)
        {
            return Nat64Verdict.PoolExhausted;
        }
        if (client is null)
        {
            client = new Nat64Client(flow.Source, address!);
            _clients.Add(flow.Source, client);
        }
        client.BindingCount++;
        binding = new Nat64Binding(flow.Protocol, client, flow.SourcePort, (ushort)port);
        _bib6.Add(new Nat64BindingKey6(flow.Protocol, flow.Source, flow.SourcePort), binding);
        _bib4.Add(new Nat64BindingKey4(flow.Protocol, binding.PoolAddress, binding.PoolPort), binding);
        _bindingCount++;
        _bindingsByProtocol[ProtocolIndex(flow.Protocol)]++;
        return Nat64Verdict.Forward;
    }

    private static int ProtocolIndex(Nat64Protocol protocol) => protocol switch
    {
        Nat64Protocol.Tcp => 0,
        Nat64Protocol.Udp => 1,
        _ => 2,
    };

    /// <summary>The pool address for a client without bindings: its hash slot, else the next ones with a free port.</summary>
    private Nat64PoolAddress? ChooseAddress(UInt128 client, Nat64Protocol protocol)
    {
        int count = _pool.Length;
        int start = (int)((uint)HashCode.Combine(client) % (uint)count);
        int probes = Math.Min(count, MaxAddressProbes);
        for (int i = 0; i < probes; i++)
        {
            int index = (start + i) % count;
            Nat64PoolAddress address = _pool[index] ??= new Nat64PoolAddress(_poolBase + (uint)index, _options.MinPort, _options.MaxPort);
            if (address.HasFreePort(protocol))
            {
                return address;
            }
        }
        return null;
    }

    private void AddSession(Nat64SessionKey key, Nat64Binding binding, Nat64TcpState state, Nat64SessionTimer timer, long now)
    {
        Nat64Session session = new(key, binding) { State = state, Timer = timer };
        _sessions.Add(key, session);
        _timers[(int)timer].Append(session, now);
        binding.SessionCount++;
        _sessionCount++;
        if (_options.AddressDependentFiltering)
        {
            Nat64FilterKey filterKey = new(key.Protocol, key.PoolAddress, key.PoolPort, key.Remote);
            _filter[filterKey] = _filter.GetValueOrDefault(filterKey) + 1;
        }
    }

    private void RemoveSession(Nat64Session session, List<Nat64Binding>? gone)
    {
        _timers[(int)session.Timer].Remove(session);
        _sessions.Remove(session.Key);
        _sessionCount--;
        if (_options.AddressDependentFiltering)
        {
            Nat64SessionKey key = session.Key;
            Nat64FilterKey filterKey = new(key.Protocol, key.PoolAddress, key.PoolPort, key.Remote);
            int left = _filter[filterKey] - 1;
            if (left == 0)
            {
                _filter.Remove(filterKey);
            }
            else
            {
                _filter[filterKey] = left;
            }
        }
        Nat64Binding binding = session.Binding;
        if (--binding.SessionCount > 0)
        {
            return;
        }
        Nat64Client client = binding.Client;
        _bib6.Remove(new Nat64BindingKey6(binding.Protocol, client.Address, binding.ClientPort));
        _bib4.Remove(new Nat64BindingKey4(binding.Protocol, binding.PoolAddress, binding.PoolPort));
        client.Pool.Release(binding.Protocol, binding.PoolPort);
        _bindingCount--;
        _bindingsByProtocol[ProtocolIndex(binding.Protocol)]--;
        if (--client.BindingCount == 0)
        {
            _clients.Remove(client.Address);
        }
        gone?.Add(binding);
    }

    /// <summary>Refreshes a UDP or ICMP session; runs the RFC 6146 §3.5.2.2 state machine on a TCP one.</summary>
    private void Update(Nat64Session session, TcpFlags flags, bool fromV6, long now)
    {
        if (session.State == Nat64TcpState.None)
        {
            Schedule(session, session.Timer, now);
            return;
        }
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool fin = (flags & TcpFlags.Fin) != 0;
        bool rst = (flags & TcpFlags.Rst) != 0;
        switch (session.State)
        {
            case Nat64TcpState.V6Init:
                if (syn && fromV6)
                {
                    Schedule(session, Nat64SessionTimer.TcpTransitory, now);   // the client's SYN again
                }
                else if (syn)
                {
                    Establish(session, now);                                   // the server's SYN (SYN-ACK)
                }
                break;
            case Nat64TcpState.V4Init:
                if (syn && fromV6)
                {
                    Establish(session, now);
                }
                break;
            case Nat64TcpState.Established:
                if (rst)
                {
                    ToTransitory(session, now);
                }
                else
                {
                    if (fin)
                    {
                        session.State = fromV6 ? Nat64TcpState.V6FinReceived : Nat64TcpState.V4FinReceived;
                    }
                    Schedule(session, Nat64SessionTimer.TcpEstablished, now);
                }
                break;
            case Nat64TcpState.V6FinReceived:
            case Nat64TcpState.V4FinReceived:
                if (rst)
                {
                    ToTransitory(session, now);
                }
                else if (fin && fromV6 == (session.State == Nat64TcpState.V4FinReceived))
                {
                    session.State = Nat64TcpState.V6FinV4FinReceived;          // the other side's FIN: lifetime TCP_TRANS, no refresh after
                    Schedule(session, Nat64SessionTimer.TcpTransitory, now);
                }
                else
                {
                    Schedule(session, Nat64SessionTimer.TcpEstablished, now);
                }
                break;
            case Nat64TcpState.V6FinV4FinReceived:
                break;
            case Nat64TcpState.Transitory:
                if (!rst)
                {
                    Establish(session, now);
                }
                break;
        }
    }

    private void Establish(Nat64Session session, long now)
    {
        session.State = Nat64TcpState.Established;
        Schedule(session, Nat64SessionTimer.TcpEstablished, now);
    }

    private void ToTransitory(Nat64Session session, long now)
    {
        session.State = Nat64TcpState.Transitory;
        Schedule(session, Nat64SessionTimer.TcpTransitory, now);
    }

    /// <summary>Restarts the session's lifetime on <paramref name="timer"/>: a move to the tail of that list.</summary>
    private void Schedule(Nat64Session session, Nat64SessionTimer timer, long now)
    {
        Nat64ExpiryList from = _timers[(int)session.Timer];
        Nat64ExpiryList to = _timers[(int)timer];
        if (ReferenceEquals(from, to) && ReferenceEquals(from.Tail, session))
        {
            session.ExpiresAt = now + to.Lifetime;
            return;
        }
        from.Remove(session);
        session.Timer = timer;
        to.Append(session, now);
    }

    private bool IsAllowed(UInt128 source)
    {
        IpPrefix[] allow = Volatile.Read(ref _allow);
        if (allow.Length == 0)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, source);
        foreach (IpPrefix prefix in allow)
        {
            if (prefix.Contains(bytes))
            {
                return true;
            }
        }
        return false;
    }

    private long ToTimestamp(TimeSpan value) =>
        (long)((Int128)value.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private static void CheckProtocol(Nat64Protocol protocol)
    {
        if (protocol is not (Nat64Protocol.Tcp or Nat64Protocol.Udp or Nat64Protocol.Icmp))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Only TCP, UDP and ICMP echo have state.");
        }
    }
}
