using Microsoft.Extensions.Logging;

namespace Gate64.Diagnostics;

/// <summary>
/// Hands the endpoint's web application loggers of the gateway's own logger factory, so its lines
/// land in the gateway's log, while the web application's filters decide what is worth a line.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The gateway owns the target factory.
    }
}
