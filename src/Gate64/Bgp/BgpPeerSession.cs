using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Gate64.Bgp.Fsm;
using Gate64.Protocols.Bgp;
using Microsoft.Extensions.Logging;

namespace Gate64.Bgp;

/// <summary>
/// Drives one neighbor: a single loop feeds the RFC 4271 state machine its events (connects, messages,
/// timers, route changes), performs what it asks (connect, send, disconnect) and, while Established,
/// keeps the peer's Adj-RIB-Out equal to the desired routes. Everything of the session runs in that
/// loop, so nothing in here needs a lock.
/// </summary>
internal sealed partial class BgpPeerSession
{
    /// <summary>How long a goodbye NOTIFICATION may take to leave when the speaker stops.</summary>
    private static readonly TimeSpan s_goodbyeTimeout = TimeSpan.FromSeconds(2);

    private readonly BgpOptions _options;
    private readonly BgpNeighborOptions _neighbor;
    private readonly DesiredRoutes _desired;
    private readonly BgpMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Channel<BgpSessionEvent> _events = Channel.CreateUnbounded<BgpSessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BgpActionQueue _actions = new();
    private readonly BgpSessionMachine _machine;
    private readonly AdjRibOut _ribOut = new();
    private BgpRouteAttributes _attributes;
    private BgpNextHops? _nextHops;

    private long _transport;
    private CancellationTokenSource? _transportCancellation;
    private BgpConnection? _connection;
    private BgpUpdateSender? _sender;
    private BgpSessionInfo? _session;
    private bool _endOfRibPending;

    public BgpPeerSession(BgpOptions options, BgpNeighborOptions neighbor, DesiredRoutes desired, BgpMetrics metrics, TimeProvider time, ILogger logger)
    {
        _options = options;
        _neighbor = neighbor;
        _desired = desired;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _name = neighbor.ToString();
        _attributes = desired.Attributes ?? AttributesFor(options);
        BgpPeerSettings settings = new()
        {
            LocalAs = options.LocalAs,
            RouterId = BinaryPrimitives.ReadUInt32BigEndian(options.RouterId.GetAddressBytes()),
            PeerAs = neighbor.PeerAs,
            HoldTimeSeconds = (ushort)options.HoldTimeSeconds,
            Families = BgpNextHops.FamiliesFor(neighbor),
            GracefulRestartTimeSeconds = options.GracefulRestartSeconds > 0 ? (ushort)options.GracefulRestartSeconds : null,
            // A speaker that starts is, for the routers, one that restarts: the R bit lets them send
            // their routes without waiting for ours (RFC 4724 §4.2) and is harmless on a first start.
            Restarted = options.GracefulRestartSeconds > 0,
        };
        _machine = new BgpSessionMachine(settings, _actions, time, Random.Shared);
    }

    /// <summary>The path attributes of the routes we originate: IGP origin, our AS, the configured communities.</summary>
    public static BgpRouteAttributes AttributesFor(BgpOptions options) => new()
    {
        Origin = BgpOrigin.Igp,
        AsPath = [options.LocalAs],
        Communities = [.. options.Communities],
        LargeCommunities = [.. options.LargeCommunities],
    };

    public async Task RunAsync(CancellationToken stopping)
    {
        Task routeWatch = WatchRoutesAsync(stopping);
        _machine.Start();
        await PerformActionsAsync(stopping).ConfigureAwait(false);
        try
        {
            while (true)
            {
                BgpSessionEvent? next = await NextEventAsync(stopping).ConfigureAwait(false);
                if (next is null)
                {
                    _machine.OnTimer();
                }
                else
                {
                    Dispatch(next);
                }
                await PerformActionsAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Say goodbye: Cease/Administrative Shutdown makes the routers withdraw our routes now.
            _machine.Stop("gate64 bgp is stopping");
            using CancellationTokenSource goodbye = new(s_goodbyeTimeout, _time);
            await PerformActionsAsync(goodbye.Token).ConfigureAwait(false);
        }
        finally
        {
            CloseTransport();
            await routeWatch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The next queued event, or null when the machine's next timer is due first.</summary>
    private async ValueTask<BgpSessionEvent?> NextEventAsync(CancellationToken stopping)
    {
        while (true)
        {
            if (_events.Reader.TryRead(out BgpSessionEvent? ready))
            {
                return ready;
            }
            TimeSpan? untilTimer = _machine.TimeUntilNextTimer;
            if (untilTimer == TimeSpan.Zero)
            {
                return null;
            }
            using CancellationTokenSource wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            if (untilTimer is { } delay)
            {
                wait.CancelAfter(delay);
            }
            try
            {
                await _events.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private void Dispatch(BgpSessionEvent happened)
    {
        if (happened.Kind == BgpSessionEventKind.RoutesChanged)
        {
            return;   // handled after the actions: the Adj-RIB-Out is brought up to date below
        }
        if (happened.Transport != _transport)
        {
            happened.Connection?.Dispose();
            return;   // from a connection already abandoned
        }
        switch (happened.Kind)
        {
            case BgpSessionEventKind.Connected:
                _connection = happened.Connection;
                LogConnected(_logger, _name, _connection!.LocalEndPoint);
                _ = ReceiveInBackgroundAsync(_connection, _transport, _transportCancellation!.Token);
                _machine.OnTransportConnected();
                break;
            case BgpSessionEventKind.ConnectFailed:
                _machine.OnTransportFailed(happened.Reason!);
                break;
            case BgpSessionEventKind.MessageReceived:
                _machine.OnMessage(happened.Message);
                break;
            case BgpSessionEventKind.FramingError:
                _machine.OnFramingError(happened.Notification!);
                break;
            case BgpSessionEventKind.TransportClosed:
                _machine.OnTransportClosed(happened.Reason);
                break;
        }
    }

    /// <summary>Performs the machine's actions in order, then brings the peer's routes up to date.</summary>
    private async Task PerformActionsAsync(CancellationToken cancellationToken)
    {
        while (_actions.TryDequeue(out BgpAction action))
        {
            switch (action.Kind)
            {
                case BgpActionKind.Connect:
                    BeginConnect();
                    break;
                case BgpActionKind.Send:
                    await SendAsync(action.Message, cancellationToken).ConfigureAwait(false);
                    break;
                case BgpActionKind.Disconnect:
                    CloseTransport();
                    break;
                case BgpActionKind.Established:
                    OnEstablished(action.Session!);
                    break;
                case BgpActionKind.SessionDown:
                    OnSessionDown(action.Down!);
                    break;
                case BgpActionKind.RouteRefresh:
                    await ResendAsync(action.Family, cancellationToken).ConfigureAwait(false);
                    break;
                case BgpActionKind.UpdateReceived when action.Update.Outcome == BgpUpdateOutcome.TreatAsWithdraw:
                    LogTreatAsWithdraw(_logger, _name, action.Update.Problem ?? "malformed attribute");
                    break;
            }
        }
        if (_session is not null && _sender is not null)
        {
            await SynchroniseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void BeginConnect()
    {
        CloseTransport();
        long transport = ++_transport;
        _transportCancellation = new CancellationTokenSource();
        CancellationToken cancellation = _transportCancellation.Token;
        _ = ConnectInBackgroundAsync(new IPEndPoint(_neighbor.Address, _neighbor.Port), transport, cancellation);
    }

    /// <summary>Connects outside the loop (the machine's connect timer bounds it) and posts the outcome.</summary>
    private async Task ConnectInBackgroundAsync(IPEndPoint peer, long transport, CancellationToken cancellation)
    {
        try
        {
            BgpConnection connection = await BgpConnection.ConnectAsync(peer, cancellation).ConfigureAwait(false);
            Post(new BgpSessionEvent(BgpSessionEventKind.Connected, transport) { Connection = connection });
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            Post(new BgpSessionEvent(BgpSessionEventKind.ConnectFailed, transport) { Reason = Describe(exception) });
        }
    }

    /// <summary>Reads messages outside the loop and posts each (copied: the connection reuses its buffer).</summary>
    private async Task ReceiveInBackgroundAsync(BgpConnection connection, long transport, CancellationToken cancellation)
    {
        try
        {
            while (await connection.ReceiveAsync(cancellation).ConfigureAwait(false) is { } message)
            {
                Post(new BgpSessionEvent(BgpSessionEventKind.MessageReceived, transport) { Message = message.ToArray() });
            }
            Post(new BgpSessionEvent(BgpSessionEventKind.TransportClosed, transport) { Reason = "the peer closed the connection" });
        }
        catch (BgpProtocolException exception)
        {
            Post(new BgpSessionEvent(BgpSessionEventKind.FramingError, transport) { Notification = exception.Notification });
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Post(new BgpSessionEvent(BgpSessionEventKind.TransportClosed, transport) { Reason = Describe(exception) });
        }
    }

    private void Post(BgpSessionEvent happened) => _events.Writer.TryWrite(happened);

    private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            return;
        }
        if (message.Span[BgpMessageHeader.Length - 1] == (byte)BgpMessageType.Notification && BgpNotificationCodec.TryParse(message.Span, out BgpNotification? sent))
        {
            _metrics.Notification(_name, "sent", sent!.Code);
        }
        try
        {
            await _connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Post(new BgpSessionEvent(BgpSessionEventKind.TransportClosed, _transport) { Reason = Describe(exception) });
        }
    }

    private void CloseTransport()
    {
        _transport++;   // whatever the old connection still reports is stale from now on
        _sender = null;
        if (_transportCancellation is not null)
        {
            _transportCancellation.Cancel();
            _transportCancellation.Dispose();
            _transportCancellation = null;
        }
        if (_connection is not null)
        {
            _connection.Dispose();
            _connection = null;
        }
    }

    private void OnEstablished(BgpSessionInfo session)
    {
        _session = session;
        _ribOut.Clear();
        BgpNextHops nextHops = BgpNextHops.For(_neighbor, _connection!.LocalEndPoint);
        _attributes = _desired.Attributes ?? _attributes;
        _nextHops = nextHops;
        _sender = new BgpUpdateSender(_connection, _attributes, nextHops);
        _metrics.SessionUp(_name);
        LogEstablished(_logger, _name, session.PeerOpen.AutonomousSystem, RouterIdText(session.PeerRouterId),
            (int)session.HoldTime.TotalSeconds, string.Join(", ", session.Families), nextHops.ToString());
        _endOfRibPending = true;
    }

    private void OnSessionDown(BgpSessionDown down)
    {
        if (down.WasEstablished)
        {
            _metrics.SessionDown(_name);
        }
        if (down.Received is { } received)
        {
            _metrics.Notification(_name, "received", received.Code);
        }
        _session = null;
        _sender = null;
        _ribOut.Clear();
        string retry = down.RetryIn is { } delay ? $"retrying in {delay.TotalSeconds:0.#} s" : "stopped";
        if (down.WasEstablished || down.Received is not null || down.Sent is not null)
        {
            LogSessionDown(_logger, _name, down.Reason, retry);
        }
        else
        {
            LogConnectFailed(_logger, _name, down.Reason, retry);
        }
    }

    /// <summary>
    /// Sends what changed in each family since the last call, then End-of-RIB once after the first
    /// table. When a reload changed the routes' attributes, the routes that stay are announced again
    /// with the new ones (an UPDATE replaces the peer's path for its prefixes; nothing is withdrawn).
    /// </summary>
    private async Task SynchroniseAsync(CancellationToken cancellationToken)
    {
        BgpRouteSet desired = _desired.Current;
        bool newAttributes = false;
        if (_desired.Attributes is { } latest && !ReferenceEquals(latest, _attributes))
        {
            _attributes = latest;
            _sender = new BgpUpdateSender(_connection!, latest, _nextHops!);
            newAttributes = true;
        }
        long sentBefore = _sender!.MessagesSent;
        foreach (BgpAddressFamily family in _session!.Families)
        {
            if (!_sender.CanAnnounce(family))
            {
                continue;
            }
            RibChanges changes = _ribOut.Reconcile(family, desired.For(family));
            if (!changes.IsEmpty)
            {
                await _sender.SendAsync(family, changes, cancellationToken).ConfigureAwait(false);
                LogRoutesSent(_logger, _name, family.ToString(), changes.Announce.Count, changes.Withdraw.Count);
            }
            if (newAttributes && _ribOut.Announced(family).Except(changes.Announce).ToList() is { Count: > 0 } kept)
            {
                await _sender.SendAsync(family, new RibChanges(kept, []), cancellationToken).ConfigureAwait(false);
                LogRoutesReattributed(_logger, _name, family.ToString(), kept.Count);
            }
            _metrics.Announced(_name, family, _ribOut.Count(family));
        }
        // Not before the table is complete: a graceful-restart router purges whatever End-of-RIB finds missing.
        if (_endOfRibPending && desired.IsComplete)
        {
            _endOfRibPending = false;
            foreach (BgpAddressFamily family in _session.Families)
            {
                await _sender.SendEndOfRibAsync(family, cancellationToken).ConfigureAwait(false);
            }
        }
        long sent = _sender.MessagesSent - sentBefore;
        if (sent > 0)
        {
            _metrics.UpdatesSent(_name, sent);
            _machine.OnMessageSent();
        }
    }

    private async Task ResendAsync(BgpAddressFamily family, CancellationToken cancellationToken)
    {
        if (_sender is null || !_sender.CanAnnounce(family))
        {
            return;
        }
        await _sender.SendAsync(family, new RibChanges([.. _ribOut.Announced(family)], []), cancellationToken).ConfigureAwait(false);
        await _sender.SendEndOfRibAsync(family, cancellationToken).ConfigureAwait(false);
        _machine.OnMessageSent();
    }

    private async Task WatchRoutesAsync(CancellationToken stopping)
    {
        BgpRouteSet seen = _desired.Current;
        while (!stopping.IsCancellationRequested)
        {
            seen = await _desired.WaitForNewerAsync(seen, stopping).ConfigureAwait(false);
            Post(new BgpSessionEvent(BgpSessionEventKind.RoutesChanged, 0));
        }
    }

    private static string RouterIdText(uint routerId)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, routerId);
        return new IPAddress(bytes).ToString();
    }

    private static string Describe(Exception exception) => exception switch
    {
        SocketException socket => socket.Message,
        OperationCanceledException => "abandoned",
        _ => exception.Message,
    };

    [LoggerMessage(EventId = 510, EventName = "BgpConnected", Level = LogLevel.Debug, Message = "BGP {Neighbor}: connected from {Local}")]
    private static partial void LogConnected(ILogger logger, string neighbor, IPEndPoint local);

    [LoggerMessage(EventId = 511, EventName = "BgpEstablished", Level = LogLevel.Information, Message = "BGP {Neighbor}: established with AS {PeerAs} (router id {PeerRouterId}), hold time {HoldTime} s, families {Families}, next hops {NextHops}")]
    private static partial void LogEstablished(ILogger logger, string neighbor, uint peerAs, string peerRouterId, int holdTime, string families, string nextHops);

    [LoggerMessage(EventId = 512, EventName = "BgpSessionDown", Level = LogLevel.Warning, Message = "BGP {Neighbor}: session down: {Reason}; {Retry}")]
    private static partial void LogSessionDown(ILogger logger, string neighbor, string reason, string retry);

    [LoggerMessage(EventId = 513, EventName = "BgpConnectFailed", Level = LogLevel.Information, Message = "BGP {Neighbor}: cannot connect: {Reason}; {Retry}")]
    private static partial void LogConnectFailed(ILogger logger, string neighbor, string reason, string retry);

    [LoggerMessage(EventId = 519, EventName = "BgpRoutesReattributed", Level = LogLevel.Information, Message = "BGP {Neighbor}: {Family}: announced {Count} route(s) again with the reloaded communities")]
    private static partial void LogRoutesReattributed(ILogger logger, string neighbor, string family, int count);

    [LoggerMessage(EventId = 514, EventName = "BgpRoutesSent", Level = LogLevel.Information, Message = "BGP {Neighbor}: {Family}: announced {Announced}, withdrew {Withdrawn}")]
    private static partial void LogRoutesSent(ILogger logger, string neighbor, string family, int announced, int withdrawn);

    [LoggerMessage(EventId = 515, EventName = "BgpTreatAsWithdraw", Level = LogLevel.Warning, Message = "BGP {Neighbor}: malformed UPDATE treated as withdraw (RFC 7606): {Problem}")]
    private static partial void LogTreatAsWithdraw(ILogger logger, string neighbor, string problem);
}
