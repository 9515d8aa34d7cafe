using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gate64.Platform;
using Gate64.Protocols.Quic;
using Gate64.Protocols.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress.Quic;

/// <summary>
/// One UDP address of the QUIC ingress: routes each client flow by the SNI of its Initial packets, without terminating
/// QUIC, then relays its datagrams both ways through a UDP socket connected to the backend.
/// </summary>
/// <remarks>
/// <code>
///  relay thread (Linux: one epoll set for the listener and every backend socket; elsewhere a blocking receive thread)
///  client datagram ──▶ flow table (client address+port) ─┬ relaying ──▶ backend socket.Send           (hot path)
///                                                         ├ sniffing ──▶ buffer copy ▶ sniffer.Feed ─ hello ─▶ route (async)
///                                                         ├ refused  ──▶ drop (resend our CONNECTION_CLOSE a few times)
///                     no flow: Initial ≥ 1200 bytes that opens ──▶ new flow; anything else ──▶ drop (counted)
///  route: SNI → AAAA → policy ─▶ connected UDP socket ─▶ buffered datagrams in order ─▶ relaying
///  backend socket ──readable──▶ recvmsg (a GRO burst) ──▶ sendmsg to the client (GSO)    (hot path, Linux, relay thread)
///                 ──ReceiveAsync──▶ listener.SendTo(client), one datagram at a time                   (elsewhere)
///  sweeper (1 s): hello and routing deadlines, idle timeout, refused-flow hold
/// </code>
/// Flows are matched by the client's address and port only: connection IDs the server issues later are encrypted and
/// opaque to the gateway, so a client whose NAT rebinds mid-connection loses it (QUIC's own migration needs the server
/// to see the new path, which it does not behind a relay). Version Negotiation and Retry from the backend pass
/// through untouched like every other datagram.
/// </remarks>
internal sealed partial class QuicListener : IQuicRelayHandler, IDisposable
{
    /// <summary>RFC 9000 §14.1: a client's Initial datagram is at least 1,200 bytes; smaller ones are dropped unexamined.</summary>
    public const int MinInitialDatagram = 1200;

    /// <summary>
    /// Backend datagrams of this size or more are dropped: the receive buffer cannot tell them from truncated ones.
    /// QUIC's path MTU discovery treats them as lost probes and settles below.
    /// </summary>
    public const int BackendDatagramBuffer = 4096;

    private const int ClientReceiveBuffer = 65536;
    private const int SocketBufferBytes = 4 << 20;
    private const int MaxCloseResends = 3;

    private static readonly TimeSpan s_refusedHold = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromSeconds(1);

    private readonly IngressListenerOptions _listener;
    private readonly IOptionsMonitor<IngressOptions> _options;
    private readonly IQuicBackendRouter _router;
    private readonly QuicIngressMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<SocketAddress, QuicFlow> _flows = new();
    private readonly QuicBufferBudget _budget;
    private readonly ConcurrentDictionary<ulong, QuicFlow> _relayed = new();
    private QuicRelayLoop? _relayLoop;
    private long _lastRelayKey = (long)QuicRelayLoop.FirstFlowKey - 1;
    private int _flowCount;
    private long? _lastFailureLog;
    private CancellationToken _stopping;

    public QuicListener(IngressListenerOptions listener, IOptionsMonitor<IngressOptions> options, IQuicBackendRouter router, QuicIngressMetrics metrics,
        ILogger logger, TimeProvider time)
    {
        _listener = listener;
        _options = options;
        _router = router;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _budget = new QuicBufferBudget(options.CurrentValue.MaxQuicBufferBytes);
        _socket = new Socket(listener.Endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (listener.Endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.ReceiveBufferSize = SocketBufferBytes;
            _socket.SendBufferSize = SocketBufferBytes;
            _socket.Bind(listener.Endpoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Flows in the table now (sniffing, routing, relaying or held after a refusal).</summary>
    public int FlowCount => Volatile.Read(ref _flowCount);

    /// <summary>Bytes buffered for flows not relayed yet.</summary>
    public long BufferedBytes => _budget.Used;

    /// <summary>Receives until <paramref name="stopping"/>, then closes the socket and every flow.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        Task relay;
        if (OperatingSystem.IsLinux())
        {
            _socket.Blocking = false;   // answers to clients never wait on the relay thread either
            _relayLoop = new QuicRelayLoop(_socket, this);
            relay = _relayLoop.RunAsync($"quic-ingress {_listener.Endpoint}");
        }
        else
        {
            relay = ReceiveLoopAsync();
        }

        using CancellationTokenRegistration registration = stopping.Register(Stop);
        Task sweep = SweepLoopAsync(stopping);
        if (await Task.WhenAny(relay, sweep).ConfigureAwait(false) == relay && !stopping.IsCancellationRequested)
        {
            // The relay thread ended by itself: QUIC on this address is dead. Fail loudly (the host stops and a
            // supervisor restarts it) rather than keep a listener that answers nothing.
            Stop();
            await relay.ConfigureAwait(false);
            throw new InvalidOperationException($"The QUIC relay on {_listener.Endpoint} stopped unexpectedly.");
        }

        await Task.WhenAll(relay, sweep).ConfigureAwait(false);
    }

    public void Dispose() => Stop();

    /// <summary>One pass over the flows: hello and routing deadlines, idle timeout, end of the refused hold.</summary>
    internal void Sweep()
    {
        long now = _time.GetTimestamp();
        IngressOptions options = _options.CurrentValue;
        TimeSpan routingDeadline = options.FirstBytesTimeout + options.ConnectTimeout;
        foreach (KeyValuePair<SocketAddress, QuicFlow> entry in _flows)
        {
            QuicFlow flow = entry.Value;
            switch (flow.State)
            {
                case QuicFlowState.Sniffing when _time.GetElapsedTime(flow.Created, now) > options.FirstBytesTimeout:
                    RefuseIfStill(flow, QuicFlowState.Sniffing, IngressRefusal.ClientTimeout,
                        $"no complete ClientHello within {options.FirstBytesTimeout.TotalSeconds:0.#} s", now);
                    break;
                case QuicFlowState.Routing when _time.GetElapsedTime(flow.Created, now) > routingDeadline:
                    // The resolver has its own timeouts; this bounds how long a flow's buffered datagrams can be held
                    // whatever happens to the lookup.
                    RefuseIfStill(flow, QuicFlowState.Routing, IngressRefusal.DnsFailure,
                        $"no backend found within {routingDeadline.TotalSeconds:0.#} s", now);
                    break;
                case QuicFlowState.Relaying when _time.GetElapsedTime(flow.LastActivity, now) > options.QuicIdleTimeout:
                case QuicFlowState.Refused when now >= flow.HoldUntil:
                case QuicFlowState.Closed:
                    CloseFlow(flow);
                    break;
            }
        }
    }

    /// <summary>
    /// Where there is no epoll (not Linux): receives on a dedicated thread with blocking calls, which per client datagram
    /// saves the readiness round trip an asynchronous receive pays. One thread, because the flows' state and the order
    /// of their datagrams assume one reader. Closing the socket ends it.
    /// </summary>
    private Task ReceiveLoopAsync() => DedicatedThread.RunAsync($"quic-ingress {_listener.Endpoint}", ReceiveLoop);

    private void ReceiveLoop()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(ClientReceiveBuffer, pinned: true);
        SocketAddress from = new(_socket.AddressFamily);
        while (true)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown)
            {
                return;
            }
            catch (SocketException)
            {
                continue;   // an ICMP error for an earlier datagram to a client
            }

            ((IQuicRelayHandler)this).OnClientDatagram(buffer.AsSpan(0, received), from);
        }
    }

    void IQuicRelayHandler.OnClientDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        try
        {
            OnClientDatagram(datagram, from);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The flow's backend socket reported an earlier ICMP error or was just closed: this datagram is lost,
            // as UDP may lose any; the backend side handles the flow.
            Drop(QuicDropReason.SendFailed);
        }
        catch (Exception exception)
        {
            // A bug must cost one datagram, not the listener.
            Drop(QuicDropReason.Error);
            LogFailureAtMostOnceASecond(exception);
        }
    }

    void IQuicRelayHandler.OnBackendReadable(ulong key)
    {
        if (!_relayed.TryGetValue(key, out QuicFlow? flow) || flow.Backend is not { } backend)
        {
            return;   // closed a moment ago
        }

        try
        {
            switch (RelayBurst(flow, backend))
            {
                case QuicBackendTurn.Unreachable:
                    BackendUnreachable(flow, backend);
                    break;
                case QuicBackendTurn.Failed:
                    CloseFlow(flow);
                    break;
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            CloseFlow(flow);   // closed meanwhile (idle, stop)
        }
        catch (Exception exception)
        {
            // A bug must cost this flow, not the relay thread of every flow.
            Drop(QuicDropReason.Error);
            LogFailureAtMostOnceASecond(exception);
            CloseFlow(flow);
        }
    }

    private void LogFailureAtMostOnceASecond(Exception exception)
    {
        long now = _time.GetTimestamp();
        if (_lastFailureLog is { } last && _time.GetElapsedTime(last, now) < s_sweepInterval)
        {
            return;
        }

        _lastFailureLog = now;
        LogDatagramFailed(_logger, _listener.Endpoint, exception);
    }

    private async Task SweepLoopAsync(CancellationToken stopping)
    {
        using PeriodicTimer timer = new(s_sweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                Sweep();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnClientDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        long now = _time.GetTimestamp();
        if (_flows.TryGetValue(from, out QuicFlow? flow))
        {
            if (flow.TryRelayUp(datagram, now) is var relayed && relayed != QuicRelayUp.Sent)
            {
                OnNotRelayed(flow, relayed, datagram, now);
            }

            return;
        }

        StartFlow(datagram, from, now);
    }

    /// <summary>A datagram from a client with no flow: only a full-size Initial that opens starts one.</summary>
    private void StartFlow(ReadOnlySpan<byte> datagram, SocketAddress from, long now)
    {
        switch (QuicLongHeader.TryParse(datagram, out QuicLongHeader header, out _))
        {
            case QuicHeaderStatus.Valid when header.Type == QuicPacketType.Initial:
                break;
            case QuicHeaderStatus.Valid:
                Drop(QuicDropReason.NotInitial);
                return;
            case QuicHeaderStatus.UnsupportedVersion:
                Drop(QuicDropReason.UnsupportedVersion);
                return;
            default:
                Drop(QuicDropReason.NotQuic);
                return;
        }

        if (datagram.Length < MinInitialDatagram)
        {
            Drop(QuicDropReason.ShortInitial);
            return;
        }

        IngressOptions options = _options.CurrentValue;
        if (Volatile.Read(ref _flowCount) >= options.MaxQuicFlows)
        {
            Drop(QuicDropReason.FlowLimit);
            return;
        }

        QuicClientHelloSniffer sniffer = new(options.MaxHelloSize);
        QuicSniffStatus sniffed = sniffer.Feed(datagram);
        if (sniffed == QuicSniffStatus.NoInitial)
        {
            sniffer.Dispose();
            Drop(QuicDropReason.Unauthenticated);
            return;
        }

        _budget.Max = options.MaxQuicBufferBytes;
        QuicFlow flow = new(Clone(from), sniffer, now);
        lock (flow.Gate)
        {
            if (!flow.TryBuffer(datagram, options.MaxQuicFlowBufferBytes, _budget))
            {
                sniffer.Dispose();
                Drop(QuicDropReason.BufferLimit);
                return;
            }

            _flows.TryAdd(flow.Client, flow);   // only this loop adds, and there was no flow for the client
            Interlocked.Increment(ref _flowCount);
            _metrics.Opened();
            AfterSniff(flow, sniffed, now);
        }
    }

    /// <summary>A client datagram the flow's backend socket did not take.</summary>
    private void OnNotRelayed(QuicFlow flow, QuicRelayUp relayed, ReadOnlySpan<byte> datagram, long now)
    {
        switch (relayed)
        {
            case QuicRelayUp.Dropped:
                Drop(QuicDropReason.SendFailed);
                return;
            case QuicRelayUp.BackendUnreachable:
                Drop(QuicDropReason.SendFailed);
                BackendUnreachable(flow, flow.Backend!);
                return;
            default:
                OnEarlyDatagram(flow, datagram, now);
                return;
        }
    }

    /// <summary>A datagram of a flow that is not relaying: still sniffing or routing, refused, or just closed.</summary>
    private void OnEarlyDatagram(QuicFlow flow, ReadOnlySpan<byte> datagram, long now)
    {
        lock (flow.Gate)
        {
            switch (flow.State)
            {
                case QuicFlowState.Relaying:
                    if (flow.TryRelayUp(datagram, now) is var relayed && relayed != QuicRelayUp.Sent)
                    {
                        OnNotRelayed(flow, relayed, datagram, now);
                    }

                    return;
                case QuicFlowState.Refused:
                    Drop(QuicDropReason.RefusedFlow);
                    if (flow.ClosePacket is { } close && flow.CloseResends < MaxCloseResends)
                    {
                        flow.CloseResends++;
                        SendToClient(flow, close);
                    }

                    return;
                case QuicFlowState.Closed:
                    break;
                case QuicFlowState.Sniffing:
                    Sniff(flow, datagram, now);
                    return;
                default:
                    if (!flow.TryBuffer(datagram, _options.CurrentValue.MaxQuicFlowBufferBytes, _budget))
                    {
                        Drop(QuicDropReason.BufferLimit);
                    }

                    return;
            }
        }

        // The flow ended a moment ago: this datagram may open the next one.
        Forget(flow);
        StartFlow(datagram, flow.Client, now);
    }

    private void Sniff(QuicFlow flow, ReadOnlySpan<byte> datagram, long now)
    {
        QuicClientHelloSniffer sniffer = flow.Sniffer!;
        if (!BelongsTo(datagram, sniffer))
        {
            Drop(QuicDropReason.Foreign);
            return;
        }

        IngressOptions options = _options.CurrentValue;
        if (!flow.TryBuffer(datagram, options.MaxQuicFlowBufferBytes, _budget))
        {
            if (flow.BufferedBytes + datagram.Length > options.MaxQuicFlowBufferBytes)
            {
                RefuseFlow(flow, IngressRefusal.RequestTooLarge, $"more than {options.MaxQuicFlowBufferBytes} bytes of datagrams before the ClientHello was complete", now);
            }
            else
            {
                Drop(QuicDropReason.BufferLimit);
            }

            return;
        }

        AfterSniff(flow, sniffer.Feed(datagram), now);
    }

    /// <summary>
    /// A datagram belongs to a flow still being read when its first packet is a long header of the flow's version
    /// addressed to its first DCID: more Initials, or 0-RTT. Anything else (spoofed junk, another connection) is not
    /// buffered, so it cannot use up the flow's buffer.
    /// </summary>
    private static bool BelongsTo(ReadOnlySpan<byte> datagram, QuicClientHelloSniffer sniffer) =>
        QuicLongHeader.TryParse(datagram, out QuicLongHeader header, out _) == QuicHeaderStatus.Valid
        && (sniffer.Version == 0 || header.Version == sniffer.Version)
        && (sniffer.OriginalDestinationConnectionId.IsEmpty || header.DestinationConnectionId(datagram).SequenceEqual(sniffer.OriginalDestinationConnectionId));

    /// <summary>Acts on the sniffer's verdict (under the flow's lock).</summary>
    private void AfterSniff(QuicFlow flow, QuicSniffStatus status, long now)
    {
        QuicClientHelloSniffer sniffer = flow.Sniffer!;
        switch (status)
        {
            case QuicSniffStatus.NeedMore:
            case QuicSniffStatus.NoInitial:
                return;
            case QuicSniffStatus.Complete:
                flow.Name = sniffer.Hello!.ServerName;
                flow.BeginRouting();
                _ = RouteAsync(flow, sniffer.Hello!);
                return;
            case QuicSniffStatus.ClientClosed:
                flow.Refuse(now, _budget);
                return;
            case QuicSniffStatus.TooLarge:
                RefuseFlow(flow, IngressRefusal.RequestTooLarge, $"the ClientHello exceeds the cap: {sniffer.Error}", now);
                return;
            default:
                RefuseFlow(flow, IngressRefusal.MalformedRequest, $"malformed Initial: {sniffer.Error}", now);
                return;
        }
    }

    private async Task RouteAsync(QuicFlow flow, ClientHello hello)
    {
        QuicRoute route;
        try
        {
            route = await _router.RouteAsync(hello, flow.ClientEndPoint, _listener.BackendPort, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            CloseFlow(flow);
            return;
        }
        catch (Exception exception)
        {
            LogFlowFailed(_logger, flow.ClientEndPoint, exception);
            route = QuicRoute.Refuse(hello.ServerName, IngressRefusal.DnsFailure, "the lookup failed unexpectedly");
        }

        // Before the buffered datagrams go out, so the server's first answers already come coalesced.
        if (route.Found)
        {
            try
            {
                UdpSegmentIo.TryEnableReceiveOffload(route.Backend);
                if (_relayLoop is not null)
                {
                    // The relay thread serves every flow: a send that finds the buffer full drops its datagram (as
                    // UDP may) rather than wait.
                    route.Backend.Blocking = false;
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                route.Backend.Dispose();
                CloseFlow(flow);
                return;
            }
        }

        bool relaying = false;
        ulong relayKey = 0;
        lock (flow.Gate)
        {
            flow.Name = route.Name;
            if (flow.State == QuicFlowState.Routing)
            {
                if (route.Found && !flow.StartRelaying(route.Backend, _budget))
                {
                    RefuseFlow(flow, IngressRefusal.BackendRefused, $"{route.Backend.RemoteEndPoint}: port unreachable", _time.GetTimestamp());
                }
                else if (route.Found)
                {
                    if (_relayLoop is not null)
                    {
                        // Under the lock: a close (which takes it) after this point sees the key and forgets it.
                        relayKey = (ulong)Interlocked.Increment(ref _lastRelayKey);
                        flow.RelayKey = relayKey;
                        _relayed[relayKey] = flow;
                    }

                    relaying = true;
                }
                else
                {
                    RefuseFlow(flow, route.Refusal!.Value, route.Detail, _time.GetTimestamp());
                }
            }
        }

        if (!relaying)
        {
            route.Backend?.Dispose();
            return;
        }

        _metrics.Relayed();
        LogRelayed(_logger, flow.ClientEndPoint, route.Name ?? "-", route.Detail);
        if (_relayLoop is null)
        {
            await RelayDownAsync(flow, route.Backend!).ConfigureAwait(false);
            return;
        }

        try
        {
            _relayLoop.Watch(route.Backend!, relayKey);
        }
        catch (Exception exception)
        {
            // Closed before its backend side was watched (idle, stop), or the kernel refused the watch.
            if (exception is not ObjectDisposedException)
            {
                LogFlowFailed(_logger, flow.ClientEndPoint, exception);
            }

            CloseFlow(flow);
            return;
        }

        lock (flow.Gate)
        {
            if (flow.State != QuicFlowState.Relaying)
            {
                _relayLoop.Unwatch(route.Backend!);   // refused between the lock above and the watch
            }
        }
    }

    /// <summary>
    /// Passes on one datagram, or one GRO burst, waiting on the backend socket. One per wake-up: the relay loop's epoll
    /// set is level-triggered and reports what is left at once, so a flow with nothing more waiting (the usual case)
    /// costs no receive that finds nothing, and no flow holds the thread for long.
    /// </summary>
    private QuicBackendTurn RelayBurst(QuicFlow flow, Socket backend)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(UdpSegmentIo.MaxReceive);
        try
        {
            int received = UdpSegmentIo.Receive(backend, buffer, out int segmentSize, out bool truncated);
            switch (received)
            {
                case -UdpSegmentIo.EAgain:
                    return QuicBackendTurn.Empty;
                case -UdpSegmentIo.EConnRefused:
                    return QuicBackendTurn.Unreachable;
                case < 0:
                    return QuicBackendTurn.Failed;
            }

            if (truncated)
            {
                Drop(QuicDropReason.Oversize);
            }
            else if (UdpSegmentIo.Send(_socket, buffer.AsSpan(0, received), flow.Client, segmentSize) < 0)
            {
                // Send buffer full or an ICMP error from the client's side: this burst is lost, the flow lives.
                Drop(QuicDropReason.SendFailed);
            }
            else
            {
                flow.CountDown(received, _time.GetTimestamp());
            }

            return QuicBackendTurn.Relayed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>ICMP port unreachable on a relaying flow's backend socket: stop watching it, and refuse the flow.</summary>
    private void BackendUnreachable(QuicFlow flow, Socket backend)
    {
        _relayLoop?.Unwatch(backend);
        RefuseUnreachable(flow, backend);
    }

    /// <summary>ICMP port unreachable on the backend socket: nothing listens at the backend (any more).</summary>
    private void RefuseUnreachable(QuicFlow flow, Socket backend)
    {
        lock (flow.Gate)
        {
            if (flow.State == QuicFlowState.Relaying)
            {
                RefuseFlow(flow, IngressRefusal.BackendRefused, $"{backend.RemoteEndPoint}: port unreachable", _time.GetTimestamp());
            }
        }
    }

    /// <summary>Backend → client until the flow closes. No allocation per datagram: one pooled buffer per flow.</summary>
    private async Task RelayDownAsync(QuicFlow flow, Socket backend)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BackendDatagramBuffer);
        Memory<byte> memory = buffer.AsMemory(0, BackendDatagramBuffer);
        try
        {
            while (true)
            {
                int received;
                try
                {
                    received = await backend.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                }
                catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    RefuseUnreachable(flow, backend);
                    return;
                }

                if (received >= BackendDatagramBuffer)
                {
                    Drop(QuicDropReason.Oversize);
                    continue;
                }

                try
                {
                    _socket.SendTo(buffer.AsSpan(0, received), SocketFlags.None, flow.Client);
                }
                catch (SocketException)
                {
                    // Send buffer full or an ICMP error from the client's side: this datagram is lost, the flow lives.
                    Drop(QuicDropReason.SendFailed);
                    continue;
                }

                flow.CountDown(received, _time.GetTimestamp());
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            // The flow was closed (idle, stop), or the listener socket went away.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (flow.State != QuicFlowState.Refused)
            {
                CloseFlow(flow);
            }
        }
    }

    /// <summary>Counts and logs a refusal once, answers with a CONNECTION_CLOSE where one fits, and holds the flow (under its lock).</summary>
    private void RefuseFlow(QuicFlow flow, IngressRefusal refusal, string detail, long now)
    {
        _metrics.Refused(refusal);
        LogRefused(_logger, flow.ClientEndPoint, RefusalResponse.Slug(refusal), flow.Name ?? "-", detail);
        if (QuicRefusalPacket.ErrorCode(refusal) is { } errorCode && flow.Sniffer is { } sniffer)
        {
            byte[] packet = new byte[QuicRefusalPacket.MaxLength];
            int length = QuicRefusalPacket.Write(packet, sniffer, errorCode, RefusalResponse.Explain(refusal, flow.Name, detail));
            if (length > 0)
            {
                flow.ClosePacket = packet[..length];
                SendToClient(flow, flow.ClosePacket);
            }
        }

        flow.Refuse(now + (long)(s_refusedHold.TotalSeconds * _time.TimestampFrequency), _budget);
    }

    private void SendToClient(QuicFlow flow, byte[] packet)
    {
        try
        {
            _socket.SendTo(packet, SocketFlags.None, flow.Client);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }

    private void CloseFlow(QuicFlow flow)
    {
        if (flow.Close(_budget))
        {
            _metrics.Bytes(flow.BytesUp, flow.BytesDown);
        }

        Forget(flow);
    }

    /// <summary>Takes the flow out of the table, once (several paths may see it end).</summary>
    private void Forget(QuicFlow flow)
    {
        if (flow.RelayKey != 0)
        {
            _relayed.TryRemove(flow.RelayKey, out _);
        }

        if (_flows.TryRemove(new KeyValuePair<SocketAddress, QuicFlow>(flow.Client, flow)))
        {
            Interlocked.Decrement(ref _flowCount);
            _metrics.Closed();
        }
    }

    private void RefuseIfStill(QuicFlow flow, QuicFlowState state, IngressRefusal refusal, string detail, long now)
    {
        lock (flow.Gate)
        {
            if (flow.State == state)
            {
                RefuseFlow(flow, refusal, detail, now);
            }
        }
    }

    private void Drop(QuicDropReason reason) => _metrics.Dropped(reason);

    private void Stop()
    {
        _relayLoop?.Dispose();
        _socket.Dispose();
        foreach (KeyValuePair<SocketAddress, QuicFlow> entry in _flows)
        {
            CloseFlow(entry.Value);
        }
    }

    private static SocketAddress Clone(SocketAddress address)
    {
        SocketAddress copy = new(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    [LoggerMessage(EventId = 330, EventName = "QuicIngressRefused", Level = LogLevel.Information, Message = "QUIC ingress refused {Client} for {Name}: {Reason}: {Detail}")]
    private static partial void LogRefused(ILogger logger, IPEndPoint client, string reason, string name, string detail);

    [LoggerMessage(EventId = 331, EventName = "QuicIngressRelayed", Level = LogLevel.Debug, Message = "QUIC ingress relays {Client} for {Name} to {Backend}")]
    private static partial void LogRelayed(ILogger logger, IPEndPoint client, string name, string backend);

    [LoggerMessage(EventId = 332, EventName = "QuicIngressFlowFailed", Level = LogLevel.Error, Message = "QUIC ingress flow from {Client} failed unexpectedly")]
    private static partial void LogFlowFailed(ILogger logger, IPEndPoint client, Exception exception);

    [LoggerMessage(EventId = 334, EventName = "QuicIngressDatagramFailed", Level = LogLevel.Error, Message = "QUIC ingress on {Listener} failed on a client datagram (dropped; logged at most once a second)")]
    private static partial void LogDatagramFailed(ILogger logger, IPEndPoint listener, Exception exception);
}
