using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gate64.Diagnostics;
using Gate64.Protocols.Dns;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Gate64.Dns64;

/// <summary>
/// DNS64 is healthy while its loops run and each UDP listener answers a query for
/// <c>ipv4only.arpa</c> A within <see cref="SelfProbe.Timeout"/>. The server answers that name
/// itself (RFC 7050), so the probe tests the gateway and not its upstream resolvers; any answer
/// counts, REFUSED too (the probe's source may be outside the client ACL: the server still works).
/// Each probe is counted as a query.
/// </summary>
internal sealed class Dns64HealthCheck(IEnumerable<IHostedService> services, IOptionsMonitor<Dns64Options> options) : IHealthCheck
{
    public const string Name = "dns64";

    private static readonly DnsName s_probeName = DnsName.Parse("ipv4only.arpa.");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (ServiceRunState.WhyNotRunning<Dns64Service>(services, "DNS64") is { } notRunning)
        {
            return HealthCheckResult.Unhealthy(notRunning);
        }
        // Port 0 (a test's "any free port") cannot be probed from the settings; the loops run, which is what is known.
        IPEndPoint[] listeners = [.. options.CurrentValue.Listen.Where(endpoint => endpoint.Port != 0)];
        string?[] failures = await Task.WhenAll(listeners.Select(listen => ProbeAsync(listen, cancellationToken))).ConfigureAwait(false);
        List<string> failed = [.. failures.OfType<string>()];
        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{listeners.Length} listener(s) answer")
            : HealthCheckResult.Unhealthy(string.Join("; ", failed));
    }

    /// <summary>Null when <paramref name="listen"/> answers the probe query; otherwise why not.</summary>
    private static async Task<string?> ProbeAsync(IPEndPoint listen, CancellationToken cancellationToken)
    {
        IPEndPoint target = SelfProbe.Target(listen);
        ushort id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        byte[] query = new byte[512];
        if (!DnsMessage.CreateQuery(id, s_probeName, DnsRecordType.A).TryWrite(query, out int length))
        {
            return "cannot build the probe query";
        }
        using Socket socket = new(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(SelfProbe.Timeout);
        byte[] answer = new byte[512];
        try
        {
            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(query.AsMemory(0, length), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            while (true)
            {
                int received = await socket.ReceiveAsync(answer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (DnsMessage.TryParse(answer.AsSpan(0, received), out DnsMessage? response) == DnsParseError.None
                    && response!.Id == id && response.IsResponse)
                {
                    return null;
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return $"{SelfProbe.Format(target)}: {SelfProbe.Describe(exception)}";
        }
    }
}
