using System.Buffers.Binary;
using Gate64.Protocols.Bgp;

namespace Gate64.Bgp.Fsm;

/// <summary>
/// The session state machine of one neighbor (RFC 4271 §8), for a speaker that only dials out. It is
/// pure and single-threaded: the driver feeds it events (its public methods, one at a time) and
/// performs the actions it asks for through <see cref="IBgpSessionActions"/>. It never touches a socket
/// or starts a timer; the driver calls <see cref="OnTimer"/> when <see cref="TimeUntilNextTimer"/> has
/// passed, and time comes from the injected <see cref="TimeProvider"/>.
/// <code>
///  Idle ──Start / retry timer──▶ Connect ──connected, send OPEN──▶ OpenSent ──OPEN ok, send KEEPALIVE──▶
///  OpenConfirm ──KEEPALIVE──▶ Established
///  any error: send NOTIFICATION (if connected), disconnect, Idle, retry after a backoff
///  (ConnectRetryInitial doubling to ConnectRetryMax; reset once a session stays up StableSessionTime)
/// </code>
/// Collisions (RFC 4271 §6.8) cannot happen: there is never more than one transport, because this side
/// never accepts connections and a second connect is never started while one exists.
/// </summary>
internal sealed class BgpSessionMachine
{
    /// <summary>The hold timer while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes).</summary>
    public static readonly TimeSpan OpenSentHoldTime = TimeSpan.FromMinutes(4);

    private const int MaxBackoffDoublings = 30;
    private const double MinJitter = 0.75;   // RFC 4271 §10: timers jittered by a random factor in [0.75, 1]

    private static readonly ReadOnlyMemory<byte> s_keepalive = CreateKeepalive();

    private readonly BgpPeerSettings _settings;
    private readonly IBgpSessionActions _actions;
    private readonly TimeProvider _time;
    private readonly Random? _jitter;

    private bool _started;
    private bool _restarted;
    private bool _busy;
    private BgpSessionInfo? _session;
    private long? _retryDue;
    private long? _connectTimeoutDue;
    private long? _holdDue;
    private long? _keepaliveDue;
    private long? _stableDue;

    /// <param name="settings">Us and the neighbor; validated here.</param>
    /// <param name="actions">Where the machine's actions go.</param>
    /// <param name="time">The clock; the system clock when null.</param>
    /// <param name="jitter">Spreads reconnect delays over [0.75, 1] of their nominal value; null for exact delays (tests).</param>
    public BgpSessionMachine(BgpPeerSettings settings, IBgpSessionActions actions, TimeProvider? time = null, Random? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(actions);
        settings.Validate();
        _settings = settings;
        _actions = actions;
        _time = time ?? TimeProvider.System;
        _jitter = jitter;
        _restarted = settings.Restarted;
    }

    public BgpSessionState State { get; private set; }

    /// <summary>The negotiated session while Established (and during OpenConfirm); null otherwise.</summary>
    public BgpSessionInfo? Session => State is BgpSessionState.OpenConfirm or BgpSessionState.Established ? _session : null;

    /// <summary>Failed attempts since the last stable session; the next delay is ConnectRetryInitial × 2^(n−1), capped.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>Time until the earliest timer is due (zero if overdue); null when no timer runs. Call <see cref="OnTimer"/> then.</summary>
    public TimeSpan? TimeUntilNextTimer
    {
        get
        {
            long? due = Min(Min(Min(_retryDue, _connectTimeoutDue), Min(_holdDue, _keepaliveDue)), _stableDue);
            if (due is not long value)
            {
                return null;
            }

            long now = _time.GetTimestamp();
            return value <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, value);
        }
    }

    /// <summary>ManualStart: connect now. Ignored when already started, so there is never a second connection.</summary>
    public void Start()
    {
        Enter();
        try
        {
            if (_started)
            {
                return;
            }

            _started = true;
            ConsecutiveFailures = 0;
            BeginConnect();
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// ManualStop: with a connection, send Cease/Administrative Shutdown carrying <paramref name="reason"/>
    /// (RFC 9003), disconnect, and stay Idle until <see cref="Start"/>.
    /// </summary>
    public void Stop(string? reason)
    {
        Enter();
        try
        {
            _started = false;
            _retryDue = null;
            ConsecutiveFailures = 0;
            if (State >= BgpSessionState.OpenSent)
            {
                GoDown($"stopped: {reason}", BgpNotification.AdministrativeShutdown(reason), null, countFailure: false);
            }
            else if (State == BgpSessionState.Connect)
            {
                GoDown($"stopped: {reason}", null, null, countFailure: false);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// Drop the connection with Cease/Administrative Reset (e.g. after a configuration change) and reconnect
    /// after <see cref="BgpPeerSettings.ConnectRetryInitial"/>; not counted as a failure.
    /// </summary>
    public void Reset(string? reason)
    {
        Enter();
        try
        {
            if (State >= BgpSessionState.OpenSent)
            {
                GoDown($"reset: {reason}", BgpNotification.AdministrativeReset(reason), null, countFailure: false);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The TCP connect succeeded: send our OPEN. A connection reported while one exists is never used.</summary>
    public void OnTransportConnected()
    {
        Enter();
        try
        {
            if (State == BgpSessionState.Connect)
            {
                _connectTimeoutDue = null;
                _actions.Send(CreateOpen());
                State = BgpSessionState.OpenSent;
                _holdDue = After(OpenSentHoldTime);
            }
            else if (State == BgpSessionState.Idle)
            {
                _actions.Disconnect();   // a connect we had given up on completed after all
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The TCP connect failed (or the transport broke); retry after the backoff.</summary>
    public void OnTransportFailed(string reason)
    {
        Enter();
        try
        {
            if (State != BgpSessionState.Idle)
            {
                GoDown(State == BgpSessionState.Connect ? $"connect failed: {reason}" : $"connection failed: {reason}", null, null);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The peer closed the connection.</summary>
    public void OnTransportClosed(string? reason = null)
    {
        Enter();
        try
        {
            if (State != BgpSessionState.Idle)
            {
                GoDown(reason ?? "the peer closed the connection", null, null);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The receive buffer failed <see cref="BgpMessageHeader.TryRead"/>: send its NOTIFICATION and disconnect.</summary>
    public void OnFramingError(BgpNotification error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Enter();
        try
        {
            if (State >= BgpSessionState.OpenSent)
            {
                GoDown($"bad message header: {error.Describe()}", error, null);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>One whole message, as framed by <see cref="BgpMessageHeader.TryRead"/> (header included).</summary>
    public void OnMessage(ReadOnlySpan<byte> message)
    {
        Enter();
        try
        {
            if (State < BgpSessionState.OpenSent)
            {
                return;   // nothing can arrive without a connection; a late read after a disconnect
            }

            BgpFrameStatus status = BgpMessageHeader.TryRead(message, out BgpMessageType type, out int length, out BgpNotification? error);
            if (status == BgpFrameStatus.Invalid)
            {
                GoDown($"bad message header: {error!.Describe()}", error, null);
                return;
            }

            if (status == BgpFrameStatus.Incomplete || length != message.Length)
            {
                throw new ArgumentException("Pass exactly one whole message, as framed by BgpMessageHeader.TryRead.", nameof(message));
            }

            if (State != BgpSessionState.OpenSent && _session!.HoldTime > TimeSpan.Zero)
            {
                _holdDue = After(_session.HoldTime);
            }

            Dispatch(type, message);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The driver sent an UPDATE: it counts as a sign of life, so the keepalive timer starts over (RFC 4271 §10).</summary>
    public void OnMessageSent()
    {
        Enter();
        try
        {
            if (_keepaliveDue is not null)
            {
                _keepaliveDue = After(_session!.KeepaliveInterval);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Runs every timer that is due, earliest first.</summary>
    public void OnTimer()
    {
        Enter();
        try
        {
            while (true)
            {
                long now = _time.GetTimestamp();
                if (IsDue(_holdDue, now))
                {
                    _holdDue = null;
                    GoDown("hold timer expired", BgpNotification.HoldTimerExpired(), null);
                }
                else if (IsDue(_connectTimeoutDue, now))
                {
                    _connectTimeoutDue = null;
                    GoDown($"connect timed out after {_settings.ConnectTimeout.TotalSeconds:0.#} s", null, null);
                }
                else if (IsDue(_keepaliveDue, now))
                {
                    _actions.Send(s_keepalive);
                    _keepaliveDue = After(_session!.KeepaliveInterval);
                }
                else if (IsDue(_stableDue, now))
                {
                    _stableDue = null;
                    ConsecutiveFailures = 0;
                }
                else if (IsDue(_retryDue, now))
                {
                    _retryDue = null;
                    if (_started && State == BgpSessionState.Idle)
                    {
                        BeginConnect();
                    }
                }
                else
                {
                    return;
                }
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void Dispatch(BgpMessageType type, ReadOnlySpan<byte> message)
    {
        switch (State, type)
        {
            case (_, BgpMessageType.Notification):
                BgpNotificationCodec.TryParse(message, out BgpNotification? received);
                GoDown(received is null ? "the peer sent a malformed NOTIFICATION" : $"the peer sent: {received.Describe()}", null, received);
                break;
            case (BgpSessionState.OpenSent, BgpMessageType.Open):
                ReceiveOpen(message);
                break;
            case (BgpSessionState.OpenConfirm, BgpMessageType.Keepalive):
                State = BgpSessionState.Established;
                _restarted = false;
                _stableDue = After(_settings.StableSessionTime ?? (_session!.HoldTime > TimeSpan.Zero ? _session.HoldTime : _settings.ConnectRetryMax));
                _actions.Established(_session!);
                break;
            case (BgpSessionState.Established, BgpMessageType.Keepalive):
                break;
            case (BgpSessionState.Established, BgpMessageType.Update):
                ReceiveUpdate(message);
                break;
            case (BgpSessionState.Established, BgpMessageType.RouteRefresh):
                ReceiveRouteRefresh(message);
                break;
            default:
                // RFC 6608: the subcode names the state that did not expect the message.
                byte subcode = State switch
                {
                    BgpSessionState.OpenSent => BgpFsmErrorSubcode.UnexpectedMessageInOpenSent,
                    BgpSessionState.OpenConfirm => BgpFsmErrorSubcode.UnexpectedMessageInOpenConfirm,
                    _ => BgpFsmErrorSubcode.UnexpectedMessageInEstablished,
                };
                GoDown($"unexpected {type} in {State}", new BgpNotification(BgpErrorCode.FsmError, subcode, new[] { (byte)type }), null);
                break;
        }
    }

    private void ReceiveOpen(ReadOnlySpan<byte> message)
    {
        if (!BgpOpenCodec.TryParse(message, out BgpOpen? open, out BgpNotification? error))
        {
            GoDown($"invalid OPEN: {error!.Describe()}", error, null);
            return;
        }

        if (open!.Capabilities.FourOctetAs is null)
        {
            // Our UPDATEs carry 4-byte AS_PATHs, which a peer without capability 65 cannot read (RFC 6793).
            byte[] wanted = new byte[6];
            wanted[0] = BgpCapabilityCode.FourOctetAs;
            wanted[1] = 4;
            BinaryPrimitives.WriteUInt32BigEndian(wanted.AsSpan(2), _settings.LocalAs);
            GoDown("the peer does not support 4-octet AS numbers (capability 65)", new BgpNotification(BgpErrorCode.Open, BgpOpenErrorSubcode.UnsupportedCapability, wanted), null);
            return;
        }

        if (open.AutonomousSystem != _settings.PeerAs)
        {
            GoDown($"the peer is AS {open.AutonomousSystem}, expected AS {_settings.PeerAs}", new BgpNotification(BgpErrorCode.Open, BgpOpenErrorSubcode.BadPeerAs, ReadOnlyMemory<byte>.Empty), null);
            return;
        }

        if (_settings.LocalAs == _settings.PeerAs && open.RouterId == _settings.RouterId)
        {
            GoDown("the iBGP peer uses our router id", new BgpNotification(BgpErrorCode.Open, BgpOpenErrorSubcode.BadBgpIdentifier, ReadOnlyMemory<byte>.Empty), null);
            return;
        }

        // A peer that sends no multiprotocol capability speaks IPv4 unicast only (RFC 4760 §8).
        IReadOnlyList<BgpAddressFamily> offered = open.Capabilities.Families.Count == 0 ? [BgpAddressFamily.Ipv4Unicast] : open.Capabilities.Families;
        BgpAddressFamily[] families = _settings.Families.Where(offered.Contains).ToArray();
        if (families.Length == 0)
        {
            GoDown("no address family in common with the peer", new BgpNotification(BgpErrorCode.Open, BgpOpenErrorSubcode.UnsupportedCapability, MultiprotocolCapabilities()), null);
            return;
        }

        TimeSpan hold = TimeSpan.FromSeconds(Math.Min(_settings.HoldTimeSeconds, open.HoldTimeSeconds));
        _session = new BgpSessionInfo(open, hold, hold / 3, families);
        _actions.Send(s_keepalive);
        State = BgpSessionState.OpenConfirm;
        _holdDue = hold > TimeSpan.Zero ? After(hold) : null;
        _keepaliveDue = hold > TimeSpan.Zero ? After(_session.KeepaliveInterval) : null;
    }

    private void ReceiveUpdate(ReadOnlySpan<byte> message)
    {
        BgpUpdateParseResult update = BgpUpdateReader.Parse(message);
        if (update.Outcome == BgpUpdateOutcome.SessionReset)
        {
            GoDown($"invalid UPDATE: {update.Problem}", update.Error, null);
            return;
        }

        _actions.UpdateReceived(update);
    }

    private void ReceiveRouteRefresh(ReadOnlySpan<byte> message)
    {
        if (!BgpRouteRefreshCodec.TryParse(message, out BgpAddressFamily family, out byte subtype))
        {
            // RFC 7313 §5: the data is the whole offending message.
            GoDown("invalid ROUTE-REFRESH", new BgpNotification(BgpErrorCode.RouteRefresh, BgpRouteRefreshErrorSubcode.InvalidMessageLength, message.ToArray()), null);
            return;
        }

        // BoRR/EoRR and unknown subtypes are ignored (RFC 7313 §4, §5), and so is a family not negotiated (RFC 2918 §4).
        if (subtype == BgpRouteRefreshCodec.SubtypeRequest && _session!.Families.Contains(family))
        {
            _actions.RouteRefreshRequested(family);
        }
    }

    private void BeginConnect()
    {
        State = BgpSessionState.Connect;
        _connectTimeoutDue = After(_settings.ConnectTimeout);
        _actions.Connect();
    }

    /// <summary>Ends the attempt or session: NOTIFICATION (if any), disconnect, Idle, and a retry when still started.</summary>
    private void GoDown(string reason, BgpNotification? sent, BgpNotification? received, bool countFailure = true)
    {
        bool wasEstablished = State == BgpSessionState.Established;
        if (sent is not null)
        {
            byte[] buffer = new byte[BgpMessageHeader.MaxMessageLength];
            int length = BgpNotificationCodec.Write(sent, buffer);
            _actions.Send(buffer.AsMemory(0, length));
        }

        _actions.Disconnect();
        State = BgpSessionState.Idle;
        _session = null;
        _connectTimeoutDue = null;
        _holdDue = null;
        _keepaliveDue = null;
        _stableDue = null;
        TimeSpan? retry = null;
        if (_started)
        {
            if (countFailure)
            {
                ConsecutiveFailures++;
            }

            retry = Backoff();
            _retryDue = After(retry.Value);
        }

        _actions.SessionDown(new BgpSessionDown(reason, wasEstablished, sent, received, retry));
    }

    private TimeSpan Backoff()
    {
        int doublings = Math.Min(Math.Max(ConsecutiveFailures - 1, 0), MaxBackoffDoublings);
        double nominal = Math.Min(_settings.ConnectRetryInitial.TotalSeconds * Math.Pow(2, doublings), _settings.ConnectRetryMax.TotalSeconds);
        double factor = _jitter is null ? 1 : MinJitter + ((1 - MinJitter) * _jitter.NextDouble());
        return TimeSpan.FromSeconds(nominal * factor);
    }

    private ReadOnlyMemory<byte> CreateOpen()
    {
        BgpGracefulRestart? gracefulRestart = _settings.GracefulRestartTimeSeconds is ushort restartTime
            ? new BgpGracefulRestart(
                _restarted,
                restartTime,
                _settings.ForwardingPreserved ? _settings.Families.Select(f => new BgpGracefulRestartFamily(f, true)).ToArray() : [])
            : null;
        BgpOpen open = new(_settings.LocalAs, _settings.HoldTimeSeconds, _settings.RouterId, new BgpCapabilities
        {
            Families = _settings.Families,
            RouteRefresh = true,
            FourOctetAs = _settings.LocalAs,
            GracefulRestart = gracefulRestart,
        });
        byte[] buffer = new byte[BgpOpenCodec.MaxLength];
        return buffer.AsMemory(0, BgpOpenCodec.Write(open, buffer));
    }

    private byte[] MultiprotocolCapabilities()
    {
        byte[] data = new byte[_settings.Families.Count * 6];
        for (int i = 0; i < _settings.Families.Count; i++)
        {
            Span<byte> capability = data.AsSpan(i * 6, 6);
            capability[0] = BgpCapabilityCode.Multiprotocol;
            capability[1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(capability[2..], _settings.Families[i].Afi);
            capability[5] = _settings.Families[i].Safi;
        }

        return data;
    }

    private long After(TimeSpan delay) =>
        _time.GetTimestamp() + (long)((Int128)delay.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private void Enter()
    {
        if (_busy)
        {
            throw new InvalidOperationException("The BGP session machine was called from inside one of its own actions; queue the event instead.");
        }

        _busy = true;
    }

    private static bool IsDue(long? due, long now) => due is long value && value <= now;

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static ReadOnlyMemory<byte> CreateKeepalive()
    {
        byte[] keepalive = new byte[BgpKeepalive.Length];
        BgpKeepalive.Write(keepalive);
        return keepalive;
    }
}
