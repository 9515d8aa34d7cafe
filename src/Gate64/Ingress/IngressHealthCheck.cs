using System.Net;
using System.Net.Sockets;
using Gate64.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress;

/// <summary>
/// The ingress is healthy while its accept loops run and a TCP connection to each listener (from
/// this host, to the listener's own address) is accepted within <see cref="SelfProbe.Timeout"/>.
/// That fails when the service stopped or failed, and when a listener's address was removed from
/// the host: then the routers must stop sending that address's traffic here. Each probe is a
/// connection that closes without a byte: counted as accepted, never as spliced or refused.
/// </summary>
internal sealed class IngressHealthCheck(IEnumerable<IHostedService> services, IOptionsMonitor<IngressOptions> options) : IHealthCheck
{
    public const string Name = "ingress";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (ServiceRunState.WhyNotRunning<IngressService>(services, "the ingress") is { } notRunning)
        {
            return HealthCheckResult.Unhealthy(notRunning);
        }
        IReadOnlyList<IngressListenerOptions> listeners = options.CurrentValue.Listen;
        string?[] failures = await Task.WhenAll(listeners.Select(listener => ProbeAsync(listener.Endpoint, cancellationToken))).ConfigureAwait(false);
        List<string> failed = [.. failures.OfType<string>()];
        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{listeners.Count} listener(s) accept connections")
            : HealthCheckResult.Unhealthy(string.Join("; ", failed));
    }

    /// <summary>Null when a connection to <paramref name="listen"/> is accepted; otherwise why not.</summary>
    private static async Task<string?> ProbeAsync(IPEndPoint listen, CancellationToken cancellationToken)
    {
        IPEndPoint target = SelfProbe.Target(listen);
        using Socket socket = new(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(SelfProbe.Timeout);
        try
        {
            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return $"{SelfProbe.Format(target)}: {SelfProbe.Describe(exception)}";
        }
    }
}
