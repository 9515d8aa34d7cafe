using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gate64.Ingress;
using Gate64.Protocols.Dns;
using Gate64.Protocols.Ip;
using Gate64.Testing;
using Gate64.Tests.Dns64;
using Gate64.Tests.Resolver;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gate64.Tests.Ingress;

/// <summary>
/// Whole connections through the handler whose site cannot be reached, on loopback. A splice needs a backend that the
/// policy permits, which loopback never is: the functional tests do that in a network namespace.
/// </summary>
public sealed class IngressConnectionHandlerTests : IAsyncLifetime
{
    private static readonly byte[] s_unrecognizedNameAlert = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70];
    private static readonly byte[] s_internalErrorAlert = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50];

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeDnsResolver _resolver = new();
    // Far above TestTimeouts.Prompt: a handler that ends in time did not end by this timer.
    private readonly IngressOptions _options = new() { FirstBytesTimeout = TimeSpan.FromSeconds(20) };
    private readonly List<(long Value, string? Reason)> _refused = [];
    private readonly MeterListener _meterListener = new();
    private SocketPair _pair = null!;

    public IngressConnectionHandlerTests()
    {
        _resolver.Add("v4.test", DnsRecordType.AAAA, DnsRecords.Response("v4.test", DnsRecordType.AAAA, DnsResponseCode.NoError, [], [DnsRecords.Soa("test", 300, 60)]));
        _resolver.Add("nosuch.test", DnsRecordType.AAAA, DnsRecords.Response("nosuch.test", DnsRecordType.AAAA, DnsResponseCode.NXDomain, [], [DnsRecords.Soa("test", 300, 60)]));
        _resolver.Add("local.test", DnsRecordType.AAAA, DnsRecords.Response("local.test", DnsRecordType.AAAA, DnsResponseCode.NoError, [DnsRecords.Aaaa("local.test", "::1")]));

        IMeterFactory meterFactory = _services.GetRequiredService<IMeterFactory>();
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name == "gate64.ingress.connections.refused")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_refused)
            {
                _refused.Add((value, tags.ToArray().FirstOrDefault(tag => tag.Key == "reason").Value as string));
            }
        });
        _meterListener.Start();
    }

    private Socket Client => _pair.Client;

    public async Task InitializeAsync() => _pair = await SocketPair.CreateAsync();

    public Task DisposeAsync()
    {
        _pair.Dispose();
        _meterListener.Dispose();
        _services.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task HandleAsync_HttpForANameWithoutAaaa_Gets502ExplainingIt()
    {
        Task handling = HandleAsync();

        string page = await RequestAsync("GET / HTTP/1.1\r\nHost: V4.test\r\nUser-Agent: test\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", page, StringComparison.Ordinal);
        Assert.Contains("v4.test has no AAAA record", page, StringComparison.Ordinal);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.True(_resolver.WasAsked("v4.test", DnsRecordType.AAAA));
        Assert.False(_resolver.WasAsked("v4.test", DnsRecordType.A));
        Assert.Equal([(1L, "no_aaaa")], Refused());
    }

    [Fact]
    public async Task HandleAsync_TlsForAnNxDomainName_GetsExactlyTheUnrecognizedNameAlert()
    {
        byte[] hello = await ClientHellos.CaptureAsync("nosuch.test");
        Task handling = HandleAsync();

        byte[] answer = await ExchangeAsync(hello);

        Assert.Equal(s_unrecognizedNameAlert, answer);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.Equal([(1L, "nxdomain")], Refused());
    }

    [Fact]
    public async Task HandleAsync_HttpForALoopbackBackend_IsRefusedWithoutConnecting()
    {
        // Even with ::1 in a permitted prefix and something listening there, loopback is never a backend.
        using Socket backend = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        backend.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        backend.Listen(1);
        Task<Socket> accepted = backend.AcceptAsync(_timeout.Token).AsTask();
        Task handling = HandleAsync(((IPEndPoint)backend.LocalEndPoint!).Port);

        string page = await RequestAsync("GET / HTTP/1.1\r\nHost: local.test\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", page, StringComparison.Ordinal);
        Assert.Contains("local.test is not hosted here", page, StringComparison.Ordinal);
        Assert.Contains("::1 (loopback)", page, StringComparison.Ordinal);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.False(accepted.IsCompleted, "the handler connected to a loopback backend");
    }

    [Fact]
    public async Task HandleAsync_TlsForALoopbackBackend_GetsTheUnrecognizedNameAlert()
    {
        byte[] hello = await ClientHellos.CaptureAsync("local.test");
        Task handling = HandleAsync();

        Assert.Equal(s_unrecognizedNameAlert, await ExchangeAsync(hello));
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.Equal([(1L, "not_permitted")], Refused());
    }

    [Fact]
    public async Task HandleAsync_ResolverDoesNotAnswer_HttpGets502AndTlsTheInternalErrorAlert()
    {
        Task handling = HandleAsync();
        string page = await RequestAsync("GET / HTTP/1.1\r\nHost: silent.test\r\n\r\n");
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);

        byte[] hello = await ClientHellos.CaptureAsync("silent.test");
        _pair.Dispose();
        _pair = await SocketPair.CreateAsync();
        handling = HandleAsync();
        byte[] alert = await ExchangeAsync(hello);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);

        Assert.StartsWith("HTTP/1.1 502 Bad Gateway\r\n", page, StringComparison.Ordinal);
        Assert.Contains("silent.test could not be resolved", page, StringComparison.Ordinal);
        Assert.Equal(s_internalErrorAlert, alert);
        Assert.Equal([(1L, "dns_failure"), (1L, "dns_failure")], Refused());
    }

    [Fact]
    public async Task HandleAsync_IpLiteralHost_Gets400WithoutAskingTheResolver()
    {
        Task handling = HandleAsync();

        string page = await RequestAsync("GET / HTTP/1.1\r\nHost: 192.0.2.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", page, StringComparison.Ordinal);
        Assert.Contains("'192.0.2.1' is not a host name", page, StringComparison.Ordinal);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task HandleAsync_HttpClientTooSlow_Gets408()
    {
        _options.FirstBytesTimeout = TimeSpan.FromMilliseconds(300);
        Task handling = HandleAsync();
        await Client.SendAsync("GET / HTTP/1.1\r\nHost: v4.te"u8.ToArray(), SocketFlags.None, _timeout.Token);

        (byte[] answer, SocketError? error) = await SocketReads.ReadToEndAsync(Client, _timeout.Token);
        Client.Shutdown(SocketShutdown.Send);

        Assert.Null(error);
        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", Encoding.UTF8.GetString(answer), StringComparison.Ordinal);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.Empty(_resolver.Asked);
    }

    [Fact]
    public async Task HandleAsync_TlsClientTooSlow_IsClosedWithoutAnAlert()
    {
        _options.FirstBytesTimeout = TimeSpan.FromMilliseconds(300);
        byte[] hello = await ClientHellos.CaptureAsync("v4.test");
        Task handling = HandleAsync();
        await Client.SendAsync(hello.AsMemory(0, hello.Length / 2), SocketFlags.None, _timeout.Token);

        (byte[] answer, SocketError? error) = await SocketReads.ReadToEndAsync(Client, _timeout.Token);

        Assert.Null(error);
        Assert.Empty(answer);
        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.Equal([(1L, "client_timeout")], Refused());
    }

    [Fact]
    public async Task HandleAsync_ClientClosesAtOnce_EndsQuietly()
    {
        Task handling = HandleAsync();

        Client.Shutdown(SocketShutdown.Send);

        await handling.WaitAsync(TestTimeouts.Prompt, _timeout.Token);
        Assert.Empty(_resolver.Asked);
        Assert.Empty(Refused());
        Assert.Empty((await SocketReads.ReadToEndAsync(Client, _timeout.Token)).Data);
    }

    private Task HandleAsync(int backendPort = 443)
    {
        BackendPolicy policy = new(
            [new PermittedPrefix(IpPrefix.Parse("2001:db8:1::/48"), ClientAddressMode.None), new PermittedPrefix(IpPrefix.Parse("::1/128"), ClientAddressMode.None)],
            _options.Nat64Prefix,
            []);
        IngressConnectionHandler handler = new(
            Options.Create(_options),
            new BackendLookup(_resolver, policy),
            new IngressMetrics(_services.GetRequiredService<IMeterFactory>()),
            NullLogger<IngressConnectionHandler>.Instance);
        IngressListenerOptions listener = new((IPEndPoint)_pair.Server.LocalEndPoint!, backendPort);
        Socket accepted = _pair.Server;
        return Task.Run(() => handler.HandleAsync(accepted, listener, _timeout.Token));
    }

    /// <summary>Sends an HTTP request, reads the answer to its end, then closes like a browser after <c>Connection: close</c>.</summary>
    private async Task<string> RequestAsync(string request) => Encoding.UTF8.GetString(await ExchangeAsync(Encoding.ASCII.GetBytes(request)));

    private async Task<byte[]> ExchangeAsync(byte[] request)
    {
        await Client.SendAsync(request, SocketFlags.None, _timeout.Token);
        (byte[] answer, SocketError? error) = await SocketReads.ReadToEndAsync(Client, _timeout.Token);
        Assert.Null(error);
        Client.Shutdown(SocketShutdown.Send);
        return answer;
    }

    private List<(long Value, string? Reason)> Refused()
    {
        lock (_refused)
        {
            return [.. _refused];
        }
    }
}
