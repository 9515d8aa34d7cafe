using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Gate64.Configuration;
using Gate64.Protocols.ProxyProtocol;
using Gate64.Protocols.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gate64.Ingress;

/// <summary>
/// One client connection, start to end: sniff the site name → look up its backend → connect →
/// PROXY header if the prefix wants one → replay the sniffed bytes → splice. Every refusal is
/// explained to the client, logged once and counted. A connection keeps the settings it was
/// accepted with; a reload (new permitted prefixes, timeouts) applies to the connections after it.
/// </summary>
internal sealed partial class IngressConnectionHandler : IDisposable
{
    private readonly BackendLookup _lookup;
    private readonly IngressMetrics _metrics;
    private readonly ILogger<IngressConnectionHandler> _logger;
    private readonly IDisposable? _reloads;
    private IngressSettings _settings;

    public IngressConnectionHandler(IOptionsMonitor<IngressOptions> options, BackendLookup lookup, IngressMetrics metrics, ILogger<IngressConnectionHandler> logger)
    {
        _lookup = lookup;
        _settings = IngressSettings.From(options.CurrentValue, lookup.Policy);
        _metrics = metrics;
        _logger = logger;
        // The policy lists the host's own addresses: built once per reload, never per connection.
        _reloads = options.OnChange((next, _) =>
            Volatile.Write(ref _settings, IngressSettings.From(next, BackendPolicy.ForThisHost(next.Permit, next.Nat64Prefix))));
    }

    /// <summary>Settings that never change (tests and tools without a host).</summary>
    internal IngressConnectionHandler(IOptions<IngressOptions> options, BackendLookup lookup, IngressMetrics metrics, ILogger<IngressConnectionHandler> logger)
        : this(new FixedOptionsMonitor<IngressOptions>(options.Value), lookup, metrics, logger)
    {
    }

    public void Dispose() => _reloads?.Dispose();

    public async Task HandleAsync(Socket client, IngressListenerOptions listener, CancellationToken stopping)
    {
        IngressSettings settings = Volatile.Read(ref _settings);
        IngressOptions options = settings.Options;
        IPEndPoint clientEndpoint = (IPEndPoint)client.RemoteEndPoint!;
        byte[]? buffer = null;
        Socket? backend = null;
        try
        {
            SniffResult sniff;
            using (CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                deadline.CancelAfter(options.FirstBytesTimeout);
                sniff = await RouteSniffer.SniffAsync(client, options, deadline.Token).ConfigureAwait(false);
            }
            buffer = sniff.Buffer;
            if (sniff.ClientGone || stopping.IsCancellationRequested)
            {
                return;   // nobody to answer, or we are shutting down: not the client's fault
            }
            if (sniff.Refusal is { } sniffRefusal)
            {
                await RefuseAsync(client, clientEndpoint, sniff.Protocol, sniffRefusal, sniff.Name, sniff.Detail).ConfigureAwait(false);
                return;
            }
            string name = sniff.Name!;
            BackendLookupResult lookup = await _lookup.LookupAsync(name, settings.Policy, stopping).ConfigureAwait(false);
            if (lookup.Outcome != BackendLookupOutcome.Found)
            {
                await RefuseAsync(client, clientEndpoint, sniff.Protocol, ToRefusal(lookup.Outcome), name, lookup.Detail).ConfigureAwait(false);
                return;
            }
            DialResult dial = await settings.Dialer.ConnectAsync(lookup.Permitted, listener.BackendPort, clientEndpoint, stopping).ConfigureAwait(false);
            if (!dial.Connected)
            {
                await RefuseAsync(client, clientEndpoint, sniff.Protocol, dial.Failure!.Value, name, dial.Detail).ConfigureAwait(false);
                return;
            }
            backend = dial.Backend;
            await SendPreambleAsync(backend, dial.Candidate.PermittedBy.Mode, clientEndpoint, client, name, stopping).ConfigureAwait(false);
            await backend.SendAsync(buffer.AsMemory(0, sniff.Length), SocketFlags.None, stopping).ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer!);
            buffer = null;   // the splice rents its own buffers only while bytes move
            _metrics.Spliced(sniff.Protocol);
            LogSpliced(_logger, clientEndpoint, name, dial.Detail);
            (long up, long down) = await TcpSplice.RunAsync(client, backend, options.IdleTimeout, stopping).ConfigureAwait(false);
            _metrics.Bytes(up, down);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client or backend went away, or the service is stopping
        }
        catch (Exception exception)
        {
            LogConnectionFailed(_logger, clientEndpoint, exception);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            backend?.Dispose();
            client.Dispose();
        }
    }

    private static IngressRefusal ToRefusal(BackendLookupOutcome outcome) => outcome switch
    {
        BackendLookupOutcome.NxDomain => IngressRefusal.NxDomain,
        BackendLookupOutcome.NoAaaa => IngressRefusal.NoAaaa,
        BackendLookupOutcome.NotPermitted => IngressRefusal.NotPermitted,
        _ => IngressRefusal.DnsFailure,
    };

    /// <summary>Tells the backend who the client is, when its prefix asks for the PROXY protocol.</summary>
    private static async ValueTask SendPreambleAsync(Socket backend, ClientAddressMode mode, IPEndPoint client, Socket clientSocket, string name, CancellationToken cancellationToken)
    {
        if (mode is not (ClientAddressMode.ProxyV1 or ClientAddressMode.ProxyV2))
        {
            return;
        }
        IPEndPoint local = (IPEndPoint)clientSocket.LocalEndPoint!;   // a system call: only when a header needs it
        byte[] header = new byte[Math.Max(ProxyProtocolWriter.MaxV1Length, ProxyProtocolWriter.MaxV2Length)];
        int length = mode == ClientAddressMode.ProxyV1
            ? ProxyProtocolWriter.WriteV1(header, client, local)
            : ProxyProtocolWriter.WriteV2(header, client, local, name);
        await backend.SendAsync(header.AsMemory(0, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RefuseAsync(Socket client, IPEndPoint clientEndpoint, IngressProtocol protocol, IngressRefusal refusal, string? name, string detail)
    {
        _metrics.Refused(refusal);
        LogRefused(_logger, clientEndpoint, RefusalResponse.Slug(refusal), name ?? "-", detail);
        byte[]? response = protocol switch
        {
            IngressProtocol.Http => RefusalResponse.HttpPage(refusal, name, detail),
            IngressProtocol.Tls when refusal != IngressRefusal.ClientTimeout => TlsAlertBytes(RefusalResponse.Alert(refusal)),
            _ => null,
        };
        if (response is not null)
        {
            await LingeringClose.SendAndCloseAsync(client, response).ConfigureAwait(false);
        }
    }

    private static byte[] TlsAlertBytes(TlsAlertDescription description)
    {
        byte[] alert = new byte[TlsAlert.Size];
        TlsAlert.Write(alert, description);
        return alert;
    }

    [LoggerMessage(EventId = 300, EventName = "IngressRefused", Level = LogLevel.Information, Message = "Ingress refused {Client} for {Name}: {Reason}: {Detail}")]
    private static partial void LogRefused(ILogger logger, IPEndPoint client, string reason, string name, string detail);

    [LoggerMessage(EventId = 301, EventName = "IngressSpliced", Level = LogLevel.Debug, Message = "Ingress spliced {Client} for {Name} to {Backend}")]
    private static partial void LogSpliced(ILogger logger, IPEndPoint client, string name, string backend);

    [LoggerMessage(EventId = 302, EventName = "IngressConnectionFailed", Level = LogLevel.Error, Message = "Ingress connection from {Client} failed unexpectedly")]
    private static partial void LogConnectionFailed(ILogger logger, IPEndPoint client, Exception exception);
}
