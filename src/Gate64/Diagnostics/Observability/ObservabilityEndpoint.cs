using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Gate64.Diagnostics;

/// <summary>
/// The HTTP listener of <c>/metrics</c> and <c>/healthz</c>: a Kestrel server of its own, started
/// with the gateway only when <see cref="ObservabilityOptions.Listen"/> is set. It runs in a small
/// web application beside the gateway's host (the services are not web services, and their host
/// stays a plain Generic Host), reading the gateway's meter provider and health checks.
/// </summary>
internal sealed partial class ObservabilityEndpoint(
    IOptions<ObservabilityOptions> options,
    MeterProvider meterProvider,
    HealthCheckService health,
    IOptions<HealthCheckServiceOptions> healthOptions,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private const string MetricsPath = "/metrics";
    private const string HealthPath = "/healthz";

    private readonly ILogger _logger = loggerFactory.CreateLogger<ObservabilityEndpoint>();
    private WebApplication? _app;

    /// <summary>Where the listener is bound once started (the actual port when port 0 was asked for); null when off.</summary>
    public IPEndPoint? BoundEndpoint { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObservabilityOptions settings = options.Value;
        if (settings.Listen is not { } listen)
        {
            return;
        }
        IReadOnlyList<string> errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "gate64" });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Listen(listen);
        });
        // The endpoint's warnings and errors (a bad request, a failed scrape) go where the gateway's
        // lines go; a line per scrape, or Kestrel's own "now listening", would only be noise.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        WebApplication app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, MetricsPath, configureBranchedPipeline: null, optionsName: null);
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _app = app;
        BoundEndpoint = Bound(app, listen);
        string url = Url(BoundEndpoint);
        LogListening(_logger, url + MetricsPath, url + HealthPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? "/";
        if (!path.Equals(HealthPath, StringComparison.Ordinal) && !path.StartsWith(HealthPath + "/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"gate64 serves {MetricsPath}, {HealthPath} and {HealthPath}/SERVICE\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        string? service = path.Length > HealthPath.Length + 1 ? path[(HealthPath.Length + 1)..] : null;
        byte[] body;
        if (service is not null && !healthOptions.Value.Registrations.Any(r => r.Name == service))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            body = HealthResponse.UnknownService(service, healthOptions.Value.Registrations.Select(r => r.Name));
        }
        else
        {
            HealthReport report = await health.CheckHealthAsync(
                service is null ? null : registration => registration.Name == service, context.RequestAborted).ConfigureAwait(false);
            context.Response.StatusCode = HealthResponse.StatusCode(report.Status);
            body = HealthResponse.Json(report);
        }
        context.Response.ContentType = HealthResponse.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static IPEndPoint Bound(WebApplication app, IPEndPoint asked)
    {
        if (asked.Port != 0)
        {
            return asked;
        }
        // Port 0: Kestrel reports the port the kernel chose as a URL.
        string? address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is not null && Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) ? new IPEndPoint(asked.Address, uri.Port) : asked;
    }

    private static string Url(IPEndPoint endpoint) =>
        endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"http://[{endpoint.Address}]:{endpoint.Port}" : $"http://{endpoint}";

    [LoggerMessage(EventId = 600, EventName = "ObservabilityListening", Level = LogLevel.Information, Message = "Metrics on {MetricsUrl}, health on {HealthUrl}")]
    private static partial void LogListening(ILogger logger, string metricsUrl, string healthUrl);
}
