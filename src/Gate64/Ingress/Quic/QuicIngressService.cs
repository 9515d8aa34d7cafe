using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress.Quic;

/// <summary>
/// Runs the QUIC side of the ingress: one UDP listener per <c>--quic</c> address, bound at start-up so a busy port
/// fails the start. Without <c>--quic</c> it does nothing. Listeners stay as they are on reload; the permitted
/// prefixes, timeouts and caps apply to the flows after it.
/// </summary>
internal sealed partial class QuicIngressService : BackgroundService
{
    private readonly IOptionsMonitor<IngressOptions> _options;
    private readonly QuicBackendRouter _router;
    private readonly QuicIngressMetrics _metrics;
    private readonly ILogger<QuicIngressService> _logger;
    private readonly List<QuicListener> _listeners = [];

    public QuicIngressService(IOptionsMonitor<IngressOptions> options, QuicBackendRouter router, QuicIngressMetrics metrics, ILogger<QuicIngressService> logger)
    {
        _options = options;
        _router = router;
        _metrics = metrics;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        IngressOptions options = _options.CurrentValue;
        foreach (IngressListenerOptions listener in options.Quic)
        {
            _listeners.Add(new QuicListener(listener, _options, _router, _metrics, _logger, TimeProvider.System));
            LogListening(_logger, listener.ToString(), string.Join(", ", options.Permit));
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Runs every listener; the first that fails fails the service at once, rather than when the others stop.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (Task ended in Task.WhenEach(_listeners.Select(listener => listener.RunAsync(stoppingToken))).ConfigureAwait(false))
        {
            await ended.ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _listeners.ForEach(listener => listener.Dispose());
        base.Dispose();
    }

    [LoggerMessage(EventId = 333, EventName = "QuicIngressListening", Level = LogLevel.Information, Message = "QUIC ingress listening on UDP {Listener}; permitted backends: {Permitted}")]
    private static partial void LogListening(ILogger logger, string listener, string permitted);
}
