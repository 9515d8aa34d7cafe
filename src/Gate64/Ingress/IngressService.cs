using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress;

/// <summary>
/// Runs the ingress: one listener per configured address, bound at start-up so a busy port fails
/// the start. The listeners stay as they are on reload; the connection cap follows it.
/// </summary>
internal sealed partial class IngressService : BackgroundService
{
    private readonly IngressOptions _options;
    private readonly IngressConnectionHandler _handler;
    private readonly IngressMetrics _metrics;
    private readonly ILogger<IngressService> _logger;
    private readonly List<IngressListener> _listeners = [];
    private readonly ConnectionBudget _budget;
    private readonly IDisposable? _reloads;

    public IngressService(IOptionsMonitor<IngressOptions> options, IngressConnectionHandler handler, IngressMetrics metrics, ILogger<IngressService> logger)
    {
        _options = options.CurrentValue;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
        _budget = new ConnectionBudget(_options.MaxConnections);
        _reloads = options.OnChange((next, _) =>
        {
            _budget.Max = next.MaxConnections;
            LogReloaded(_logger, string.Join(", ", next.Permit), next.MaxConnections);
        });
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (IngressListenerOptions listener in _options.Listen)
        {
            _listeners.Add(new IngressListener(listener, _handler, _budget, _metrics, _logger));
            LogListening(_logger, listener.ToString(), string.Join(", ", _options.Permit));
        }
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_listeners.Select(listener => listener.RunAsync(stoppingToken)));

    public override void Dispose()
    {
        _reloads?.Dispose();
        _listeners.ForEach(listener => listener.Dispose());
        base.Dispose();
    }

    [LoggerMessage(EventId = 320, EventName = "IngressListening", Level = LogLevel.Information, Message = "Ingress listening on {Listener}; permitted backends: {Permitted}")]
    private static partial void LogListening(ILogger logger, string listener, string permitted);

    [LoggerMessage(EventId = 321, EventName = "IngressReloaded", Level = LogLevel.Information, Message = "Ingress reloaded for new connections: permitted backends: {Permitted}; at most {MaxConnections} connections")]
    private static partial void LogReloaded(ILogger logger, string permitted, int maxConnections);
}
