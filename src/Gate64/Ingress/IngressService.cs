using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress;

/// <summary>Runs the ingress: one listener per configured address, bound at start-up so a busy port fails the start.</summary>
internal sealed partial class IngressService : BackgroundService
{
    private readonly IngressOptions _options;
    private readonly IngressConnectionHandler _handler;
    private readonly IngressMetrics _metrics;
    private readonly ILogger<IngressService> _logger;
    private readonly List<IngressListener> _listeners = [];

    public IngressService(IOptions<IngressOptions> options, IngressConnectionHandler handler, IngressMetrics metrics, ILogger<IngressService> logger)
    {
        _options = options.Value;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ConnectionBudget budget = new(_options.MaxConnections);
        foreach (IngressListenerOptions listener in _options.Listen)
        {
            _listeners.Add(new IngressListener(listener, _handler, budget, _metrics, _logger));
            LogListening(_logger, listener.ToString(), string.Join(", ", _options.Permit));
        }
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_listeners.Select(listener => listener.RunAsync(stoppingToken)));

    public override void Dispose()
    {
        _listeners.ForEach(listener => listener.Dispose());
        base.Dispose();
    }

    [LoggerMessage(EventId = 320, EventName = "IngressListening", Level = LogLevel.Information, Message = "Ingress listening on {Listener}; permitted backends: {Permitted}")]
    private static partial void LogListening(ILogger logger, string listener, string permitted);
}
