using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Dns64;

/// <summary>
/// Runs the DNS64 server: a UDP and a TCP listener on every configured address. Sockets are
/// bound during start-up, so a busy port fails the start instead of a later, silent task.
/// </summary>
internal sealed partial class Dns64Service : BackgroundService
{
    private readonly Dns64Options _options;
    private readonly Dns64QueryHandler _handler;
    private readonly Dns64Metrics _metrics;
    private readonly ILogger<Dns64Service> _logger;
    private readonly List<Dns64UdpListener> _udp = [];
    private readonly List<Dns64TcpListener> _tcp = [];

    public Dns64Service(IOptions<Dns64Options> options, Dns64QueryHandler handler, Dns64Metrics metrics, ILogger<Dns64Service> logger)
    {
        _options = options.Value;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (System.Net.IPEndPoint endpoint in _options.Listen)
        {
            Dns64UdpListener udp = new(endpoint, _handler, _metrics, _logger);
            _udp.Add(udp);
            _tcp.Add(new Dns64TcpListener(udp.LocalEndPoint, _handler, _options, _metrics, _logger));
            LogListening(_logger, udp.LocalEndPoint, _options.Prefix.ToString(), _options.Allow.Count == 0 ? "nobody" : string.Join(", ", _options.Allow));
        }
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<Task> loops = [];
        loops.AddRange(_udp.Select(listener => listener.RunAsync(stoppingToken)));
        loops.AddRange(_tcp.Select(listener => listener.RunAsync(stoppingToken)));
        return Task.WhenAll(loops);
    }

    public override void Dispose()
    {
        _udp.ForEach(listener => listener.Dispose());
        _tcp.ForEach(listener => listener.Dispose());
        base.Dispose();
    }

    [LoggerMessage(EventId = 230, EventName = "Dns64Listening", Level = LogLevel.Information, Message = "DNS64 listening on {Endpoint} (UDP and TCP), prefix {Prefix}, clients allowed: {Allowed}")]
    private static partial void LogListening(ILogger logger, System.Net.IPEndPoint endpoint, string prefix, string allowed);
}
