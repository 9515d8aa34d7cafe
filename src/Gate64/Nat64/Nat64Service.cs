using Gate64.Nat64.State;
using Gate64.Platform;
using Gate64.Protocols.Nat64;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Nat64;

/// <summary>
/// Runs the stateful NAT64: opens the TUN interface (one descriptor per queue), brings it up with its MTU, routes
/// the NAT64 prefix and the IPv4 pool through it (unless told not to), and reads every queue on a thread of its own.
/// Expired sessions, and fragments that waited too long, are swept once a second. Stopping ends the readers, removes the routes it added and closes the
/// interface, which the kernel then deletes. With <see cref="Nat64Options.Offload"/> auto the TUN hands out GSO
/// super-packets; the translator keeps their segments within the TUN's MTU. With
/// <see cref="Nat64Options.StatsIntervalSeconds"/> it logs packet and GC counts periodically, so a benchmark can tell
/// the collections per second at steady state without a diagnostics client.
/// </summary>
internal sealed partial class Nat64Service : BackgroundService
{
    private static readonly TimeSpan s_sweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_workerStopWait = TimeSpan.FromSeconds(5);

    private readonly Nat64Options _options;
    private readonly IOptionsMonitor<Nat64Options> _monitor;
    private readonly Nat64Metrics _metrics;
    private readonly ILogger<Nat64Service> _logger;
    private readonly TimeProvider _time;
    private readonly List<Thread> _threads = [];
    private readonly TaskCompletionSource _workerFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LinuxTunDevice? _device;
    private TunConfigurator? _configurator;
    private Nat64StateTable? _state;
    private Nat64Datapath? _path;
    private IDisposable? _reloads;
    private int _stopped;

    public Nat64Service(IOptionsMonitor<Nat64Options> options, Nat64Metrics metrics, ILogger<Nat64Service> logger, TimeProvider? time = null)
    {
        _monitor = options;
        _options = options.CurrentValue;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }
        Nat64StateOptions stateOptions = new()
        {
            Pool4 = _options.Pool4!.Value,
            Allow = [.. _options.Allow],
            AddressDependentFiltering = _options.AddressDependentFiltering,
            PortQuotaPerClient = _options.PortQuotaPerClient,
        };
        _state = new Nat64StateTable(stateOptions, _time, _options.LogMappings ? new Nat64MappingLogger(_logger) : null);
        // A reload changes who may translate and their quota, in the running table: bindings,
        // sessions and the TUN device stay, so no flow notices it.
        _reloads = _monitor.OnChange((next, _) =>
        {
            _state.UpdatePolicy(next.Allow, next.PortQuotaPerClient);
            LogReloaded(_logger, next.Allow.Count == 0 ? "nobody" : string.Join(", ", next.Allow), next.PortQuotaPerClient);
        });
        _metrics.Observe(_state);
        Translator translator = new(new TranslatorOptions { SegmentMtu = _options.Mtu });
        Nat64Datapath path = new(_options.Prefix, _state, translator, _metrics, _options.IcmpErrorsPerSecond);
        _path = path;

        _device = LinuxTunDevice.Open(_options.Tun, _options.Queues, offload: _options.Offload == Nat64Offload.Auto);
        _configurator = new TunConfigurator();
        try
        {
            await _configurator.BringUpAsync(_device.Name, _options.Mtu, _options.TunQueueLength, cancellationToken).ConfigureAwait(false);
            if (!_options.NoRoutes)
            {
                await _configurator.AddRouteAsync(_device.Name, _options.Prefix.Prefix, cancellationToken).ConfigureAwait(false);
                await _configurator.AddRouteAsync(_device.Name, stateOptions.Pool4, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await _configurator.RemoveRoutesAsync(_device.Name).ConfigureAwait(false);
            _device.Dispose();
            _device = null;
            throw;
        }

        for (int i = 0; i < _device.Queues.Count; i++)
        {
            // Joined UDP datagrams are written as UDP_L4 super-packets, which a kernel that offers USO accepts.
            bool coalesceUdp = (_device.Offloads & (TunOffloads.Uso4 | TunOffloads.Uso6)) == (TunOffloads.Uso4 | TunOffloads.Uso6);
            Nat64Worker worker = new(path, _device.Queues[i], _device.HasVirtioHeader, coalesceUdp);
            Thread thread = new(() => RunWorker(worker))
            {
                IsBackground = true,
                Name = $"nat64-queue-{i}",
            };
            _threads.Add(thread);
            thread.Start();
        }

        LogStarted(_logger, _device.Name, _options.Prefix.ToString(), stateOptions.Pool4.ToString(), _device.Queues.Count, _options.Mtu,
            _options.NoRoutes ? "none (--no-routes)" : $"{_options.Prefix} and {stateOptions.Pool4} via {_device.Name}");
        LogOffloads(_logger, DescribeOffloads(_device, _options.Offload));
        if (_options.Allow.Count == 0)
        {
            LogNobodyAllowed(_logger);
        }
        else
        {
            LogAllowed(_logger, string.Join(", ", _options.Allow));
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(s_sweepInterval, _time);
        Task failed = _workerFailed.Task;
        long ticks = 0;
        try
        {
            while (true)
            {
                Task<bool> tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                if (await Task.WhenAny(tick, failed).ConfigureAwait(false) == failed)
                {
                    await failed.ConfigureAwait(false);
                }
                if (!await tick.ConfigureAwait(false))
                {
                    return;
                }
                _state!.Sweep();
                _path!.Fragments.Sweep();
                if (_options.StatsIntervalSeconds > 0 && ++ticks % _options.StatsIntervalSeconds == 0)
                {
                    LogStatistics();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await ShutDownAsync().ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _reloads?.Dispose();
        // Without StopAsync (a failed start of another service): at least close the device.
        if (Interlocked.Exchange(ref _stopped, 1) == 0 && _device is not null)
        {
            _device.Stop();
            foreach (Thread thread in _threads)
            {
                thread.Join(s_workerStopWait);
            }
            _device.Dispose();
        }
        base.Dispose();
    }

    private async Task ShutDownAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _device is null)
        {
            return;
        }
        _device.Stop();
        foreach (Thread thread in _threads)
        {
            if (!thread.Join(s_workerStopWait))
            {
                LogWorkerStuck(_logger, thread.Name ?? "?");
            }
        }
        IReadOnlyList<string> errors = await _configurator!.RemoveRoutesAsync(_device.Name).ConfigureAwait(false);
        foreach (string error in errors)
        {
            LogRouteRemovalFailed(_logger, error);
        }
        string name = _device.Name;
        _device.Dispose();
        LogStopped(_logger, name, _state?.BindingCount ?? 0, _state?.SessionCount ?? 0);
    }

    /// <summary>One line of running totals: a reader of two lines divides the differences by the time between them.</summary>
    private void LogStatistics()
    {
        LogStats(_logger,
            _metrics.Sum(counters => counters.Translated.Sum()),
            _metrics.Sum(counters => counters.SuperPackets.Sum()),
            _metrics.Sum(counters => counters.Coalesced.Sum()),
            _metrics.TotalDropped(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            GC.GetTotalAllocatedBytes(precise: false));
    }

    private static string DescribeOffloads(LinuxTunDevice device, Nat64Offload mode)
    {
        if (mode == Nat64Offload.Off)
        {
            return "off (--offload off): one packet per read and write";
        }
        if (!device.HasVirtioHeader)
        {
            return "none: the kernel refused IFF_VNET_HDR; one packet per read and write";
        }
        return device.Offloads == TunOffloads.None
            ? "none accepted by the kernel (virtio header only)"
            : device.Offloads.ToString().ToLowerInvariant();
    }

    private void RunWorker(Nat64Worker worker)
    {
        try
        {
            worker.Run();
        }
        catch (Exception exception)
        {
            LogWorkerFailed(_logger, exception);
            _workerFailed.TrySetException(exception);
        }
    }

    [LoggerMessage(EventId = 400, EventName = "Nat64Started", Level = LogLevel.Information, Message = "NAT64 running on {Tun}: prefix {Prefix}, pool {Pool}, {Queues} queue(s), MTU {Mtu}, routes: {Routes}")]
    private static partial void LogStarted(ILogger logger, string tun, string prefix, string pool, int queues, int mtu, string routes);

    [LoggerMessage(EventId = 401, EventName = "Nat64NobodyAllowed", Level = LogLevel.Warning, Message = "NAT64: no --allow prefix, so no IPv6 client may use the NAT64 (it is never open by default)")]
    private static partial void LogNobodyAllowed(ILogger logger);

    [LoggerMessage(EventId = 402, EventName = "Nat64Allowed", Level = LogLevel.Information, Message = "NAT64 clients allowed: {Allowed}")]
    private static partial void LogAllowed(ILogger logger, string allowed);

    [LoggerMessage(EventId = 403, EventName = "Nat64Stopped", Level = LogLevel.Information, Message = "NAT64 stopped; {Tun} closed with {Bindings} binding(s) and {Sessions} session(s)")]
    private static partial void LogStopped(ILogger logger, string tun, int bindings, int sessions);

    [LoggerMessage(EventId = 404, EventName = "Nat64WorkerFailed", Level = LogLevel.Error, Message = "NAT64 queue reader failed")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 405, EventName = "Nat64WorkerStuck", Level = LogLevel.Warning, Message = "NAT64 queue reader {Thread} did not stop in time")]
    private static partial void LogWorkerStuck(ILogger logger, string thread);

    [LoggerMessage(EventId = 407, EventName = "Nat64Reloaded", Level = LogLevel.Information, Message = "NAT64 reloaded: clients allowed: {Allowed}; {Quota} ports per client; existing bindings kept")]
    private static partial void LogReloaded(ILogger logger, string allowed, int quota);

    [LoggerMessage(EventId = 408, EventName = "Nat64Offloads", Level = LogLevel.Information, Message = "NAT64 TUN offloads: {Offloads}")]
    private static partial void LogOffloads(ILogger logger, string offloads);

    [LoggerMessage(EventId = 409, EventName = "Nat64Stats", Level = LogLevel.Information, Message = "NAT64 stats: packets={Packets} superpackets={SuperPackets} coalesced={Coalesced} dropped={Dropped} gc0={Gen0} gc1={Gen1} gc2={Gen2} allocated={Allocated}")]
    private static partial void LogStats(ILogger logger, long packets, long superPackets, long coalesced, long dropped, int gen0, int gen1, int gen2, long allocated);

    [LoggerMessage(EventId = 406, EventName = "Nat64RouteRemovalFailed", Level = LogLevel.Warning, Message = "NAT64: removing a route failed: {Error}")]
    private static partial void LogRouteRemovalFailed(ILogger logger, string error);
}
