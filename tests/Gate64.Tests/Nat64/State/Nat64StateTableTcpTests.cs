using Gate64.Nat64.State;
using Gate64.Protocols.Ip;
using Microsoft.Extensions.Time.Testing;
using static Gate64.Tests.Nat64.State.Nat64StateTestKit;

namespace Gate64.Tests.Nat64.State;

/// <summary>The RFC 6146 §3.5.2.2 TCP state machine, driven packet by packet.</summary>
public class Nat64StateTableTcpTests
{
    private static readonly TimeSpan s_established = TimeSpan.FromMinutes(124);
    private static readonly TimeSpan s_transitory = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan s_incomingSyn = TimeSpan.FromSeconds(6);

    private readonly FakeTimeProvider _time = new();
    private readonly Nat64StateTable _table;
    private readonly Flow6 _flow = Tcp6(Client(1), 50000, Server(1));
    private readonly (uint Address, ushort Port) _pool;

    public Nat64StateTableTcpTests()
    {
        _table = Table(_time);
        _pool = _table.Out(_flow, TcpFlags.Syn);
    }

    [Fact]
    public void V6Syn_NewConnection_V6InitForTheTransitoryLifetime()
    {
        AssertState(Nat64TcpState.V6Init, s_transitory);
        _time.Advance(TimeSpan.FromMinutes(3));
        Out(TcpFlags.Ack);   // not a SYN: no refresh
        AssertExpiresIn(_table, _time, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void V6Syn_Retransmitted_RestartsTheTransitoryLifetime()
    {
        _time.Advance(TimeSpan.FromMinutes(3));
        Out(TcpFlags.Syn);

        AssertExpiresIn(_table, _time, s_transitory);
    }

    [Fact]
    public void V4SynAck_AfterV6Syn_Established()
    {
        In(TcpFlags.Syn | TcpFlags.Ack);
        Out(TcpFlags.Ack);

        AssertState(Nat64TcpState.Established, s_established);
        AssertExpiresIn(_table, _time, s_established);
    }

    [Fact]
    public void Established_AnyPacket_RestartsTheEstablishedLifetime()
    {
        Establish();
        _time.Advance(TimeSpan.FromMinutes(100));
        In(TcpFlags.Ack | TcpFlags.Psh);
        _time.Advance(TimeSpan.FromMinutes(100));
        Assert.Equal(0, _table.Sweep());

        AssertExpiresIn(_table, _time, TimeSpan.FromMinutes(24));
    }

    [Fact]
    public void Fin_V6ThenV4_TransitoryLifetimeThatTrafficDoesNotExtend()
    {
        Establish();
        Out(TcpFlags.Fin | TcpFlags.Ack);
        AssertState(Nat64TcpState.V6FinReceived, s_established);
        In(TcpFlags.Fin | TcpFlags.Ack);
        AssertState(Nat64TcpState.V6FinV4FinReceived, s_transitory);

        _time.Advance(TimeSpan.FromMinutes(3));
        Out(TcpFlags.Ack);
        In(TcpFlags.Ack);
        AssertState(Nat64TcpState.V6FinV4FinReceived, TimeSpan.FromMinutes(1));
        AssertExpiresIn(_table, _time, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Fin_V4ThenV6_TransitoryLifetime()
    {
        Establish();
        In(TcpFlags.Fin | TcpFlags.Ack);
        AssertState(Nat64TcpState.V4FinReceived, s_established);
        In(TcpFlags.Fin | TcpFlags.Ack);   // retransmitted: still waiting for the IPv6 side
        AssertState(Nat64TcpState.V4FinReceived, s_established);
        Out(TcpFlags.Fin | TcpFlags.Ack);

        AssertState(Nat64TcpState.V6FinV4FinReceived, s_transitory);
        AssertExpiresIn(_table, _time, s_transitory);
    }

    [Fact]
    public void Fin_OneSideOnly_HalfClosedKeepsTheEstablishedLifetime()
    {
        Establish();
        Out(TcpFlags.Fin | TcpFlags.Ack);
        _time.Advance(TimeSpan.FromMinutes(100));
        In(TcpFlags.Ack | TcpFlags.Psh);   // the server still sends data

        AssertState(Nat64TcpState.V6FinReceived, s_established);
        AssertExpiresIn(_table, _time, s_established);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rst_Established_TransitoryThenRemoved(bool fromV6)
    {
        Establish();
        Packet(fromV6, TcpFlags.Rst);

        AssertState(Nat64TcpState.Transitory, s_transitory);
        _time.Advance(TimeSpan.FromMinutes(1));
        Packet(!fromV6, TcpFlags.Rst);   // another RST does not refresh
        AssertExpiresIn(_table, _time, TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Rst_DuringFinReceived_Transitory()
    {
        Establish();
        Out(TcpFlags.Fin | TcpFlags.Ack);
        In(TcpFlags.Rst);

        AssertState(Nat64TcpState.Transitory, s_transitory);
    }

    [Fact]
    public void Transitory_NonRstPacket_EstablishedAgain()
    {
        Establish();
        Out(TcpFlags.Rst);
        _time.Advance(TimeSpan.FromMinutes(2));
        In(TcpFlags.Ack);

        AssertState(Nat64TcpState.Established, s_established);
    }

    [Fact]
    public void V4Syn_ToABindingWithEif_V4InitForSixSecondsUntilTheV6Syn()
    {
        Nat64Verdict verdict = _table.Inbound(new Flow4(Nat64Protocol.Tcp, Server(9), 40000, _pool.Address, _pool.Port), TcpFlags.Syn, out UInt128 client, out ushort port);
        Assert.Equal(Nat64Verdict.Forward, verdict);
        Assert.Equal((Client(1), (ushort)50000), (client, port));
        Flow6 reverse = Tcp6(Client(1), 50000, Server(9), 40000);
        Assert.True(_table.TryInspect(reverse, out Nat64TcpState state, out TimeSpan remaining));
        Assert.Equal((Nat64TcpState.V4Init, s_incomingSyn), (state, remaining));

        Assert.Equal(_pool, _table.Out(reverse, TcpFlags.Syn | TcpFlags.Ack));
        Assert.True(_table.TryInspect(reverse, out state, out remaining));
        Assert.Equal((Nat64TcpState.Established, s_established), (state, remaining));
    }

    [Fact]
    public void V4Syn_Unanswered_RemovedAfterSixSeconds()
    {
        // The first connection (V6 INIT) lives 4 minutes.
        _table.Inbound(new Flow4(Nat64Protocol.Tcp, Server(9), 40000, _pool.Address, _pool.Port), TcpFlags.Syn, out _, out _);
        _table.Inbound(new Flow4(Nat64Protocol.Tcp, Server(9), 40000, _pool.Address, _pool.Port), TcpFlags.Syn, out _, out _);   // retransmitted: no refresh
        Assert.Equal(2, _table.SessionCount);

        _time.Advance(s_incomingSyn - Tick);
        Assert.Equal(0, _table.Sweep());
        _time.Advance(Tick);
        Assert.Equal(1, _table.Sweep());
        Assert.Equal(1, _table.SessionCount);
    }

    [Fact]
    public void V6NonSyn_NoBinding_DroppedWithoutState()
    {
        Nat64Verdict verdict = _table.Outbound(Tcp6(Client(2), 50000, Server(1)), TcpFlags.Ack, out uint address, out ushort port);

        Assert.Equal(Nat64Verdict.Dropped, verdict);
        Assert.Equal((0u, (ushort)0), (address, port));
        Assert.Equal(1, _table.BindingCount);
    }

    [Fact]
    public void NonSyn_BindingButNoSession_TranslatedWithoutNewState()
    {
        Assert.Equal(_pool, _table.Out(Tcp6(Client(1), 50000, Server(2)), TcpFlags.Ack));
        Assert.Equal(Nat64Verdict.Forward, _table.Inbound(new Flow4(Nat64Protocol.Tcp, Server(3), 443, _pool.Address, _pool.Port), TcpFlags.Ack, out UInt128 client, out _));
        Assert.Equal(Client(1), client);

        Assert.Equal(1, _table.SessionCount);
    }

    [Fact]
    public void V4Syn_NoBinding_NoBinding()
    {
        Nat64Verdict verdict = _table.Inbound(new Flow4(Nat64Protocol.Tcp, Server(1), 443, _pool.Address, (ushort)(_pool.Port ^ 1)), TcpFlags.Syn, out _, out _);

        Assert.Equal(Nat64Verdict.NoBinding, verdict);
        Assert.Equal(1, _table.SessionCount);
    }

    private void Establish()
    {
        In(TcpFlags.Syn | TcpFlags.Ack);
        Out(TcpFlags.Ack);
        AssertState(Nat64TcpState.Established, s_established);
    }

    private void Out(TcpFlags flags) => Assert.Equal(_pool, _table.Out(_flow, flags));

    private void In(TcpFlags flags) => _table.In(_flow, _pool, flags);

    private void Packet(bool fromV6, TcpFlags flags)
    {
        if (fromV6)
        {
            Out(flags);
        }
        else
        {
            In(flags);
        }
    }

    private void AssertState(Nat64TcpState expected, TimeSpan remaining)
    {
        Assert.True(_table.TryInspect(_flow, out Nat64TcpState state, out TimeSpan left));
        Assert.Equal((expected, remaining), (state, left));
    }
}
