using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gate64.Ingress;
using Gate64.Protocols.Ip;

namespace Gate64.Tests.Ingress;

/// <summary>The dialer on loopback: it does not apply the policy, so candidates for ::1 are made by hand.</summary>
public sealed class BackendDialerTests : IDisposable
{
    private static readonly PermittedPrefix s_loopback = new(IpPrefix.Parse("::1/128"), ClientAddressMode.None);
    private static readonly IPEndPoint s_client = new(IPAddress.Parse("198.51.100.2"), 40000);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    // Far above what a refusal or a connect on loopback takes, even when a loaded CI machine delays the continuation
    // by seconds: a refused port must never be reported as a timeout. The timeout test sets its own.
    private readonly IngressOptions _options = new() { ConnectTimeout = TimeSpan.FromSeconds(20) };

    public void Dispose() => _timeout.Dispose();

    [Theory]
    [InlineData("198.51.100.2")]
    [InlineData("::ffff:198.51.100.2")]
    public void Nat46Source_PutsTheIpv4ClientInTheLast32Bits(string client)
    {
        IPAddress source = BackendDialer.Nat46Source(IpPrefix.Parse("64:ff9b:1::/96"), IPAddress.Parse(client));

        Assert.Equal(IPAddress.Parse("64:ff9b:1::c633:6402"), source);
    }

    [Fact]
    public void Nat46Source_OtherPrefix_KeepsItsUpper96Bits()
    {
        IPAddress source = BackendDialer.Nat46Source(IpPrefix.Parse("2001:db8:46:1:2:3::/96"), IPAddress.Parse("192.0.2.255"));

        Assert.Equal(IPAddress.Parse("2001:db8:46:1:2:3:c000:2ff"), source);
    }

    [Fact]
    public async Task ConnectAsync_ClosedPort_IsBackendRefusedSayingSo()
    {
        // A bound socket that does not listen: the port answers every SYN with RST, and nobody else can take it.
        using Socket closed = BindIpv6Loopback();
        int port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        BackendDialer dialer = new(_options);

        DialResult result = await dialer.ConnectAsync([Candidate()], port, s_client, _timeout.Token);

        Assert.False(result.Connected);
        Assert.Equal(IngressRefusal.BackendRefused, result.Failure);
        Assert.Contains("connection refused", result.Detail, StringComparison.Ordinal);
        Assert.Contains($"[::1]:{port}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ListeningPort_IsConnectedToIt()
    {
        using Socket listener = BindIpv6Loopback();
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        BackendDialer dialer = new(_options);

        DialResult result = await dialer.ConnectAsync([Candidate()], port, s_client, _timeout.Token);

        Assert.True(result.Connected);
        using Socket backend = result.Backend;
        using Socket accepted = await listener.AcceptAsync(_timeout.Token);
        Assert.Null(result.Failure);
        Assert.Equal(IPAddress.IPv6Loopback, result.Candidate.Address);
        Assert.Equal(accepted.RemoteEndPoint, backend.LocalEndPoint);
        Assert.True(backend.NoDelay);
    }

    [Fact]
    public async Task ConnectAsync_FirstCandidateFails_TriesTheNext()
    {
        // The same port twice: nothing listening on 127.0.0.1 (and an IPv6-only socket cannot even reach ::ffff:127.0.0.1),
        // a listener on ::1.
        (Socket closed, Socket listener) = BindSamePortTwice();
        using Socket closedSocket = closed;
        using Socket listenerSocket = listener;
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        BackendDialer dialer = new(_options);

        DialResult result = await dialer.ConnectAsync(
            [Candidate(IPAddress.Loopback.MapToIPv6()), Candidate()], port, s_client, _timeout.Token);

        Assert.True(result.Connected, result.Detail);
        using Socket backend = result.Backend;
        Assert.Equal(IPAddress.IPv6Loopback, result.Candidate.Address);
        using Socket accepted = await listener.AcceptAsync(_timeout.Token);
    }

    [Fact]
    public async Task ConnectAsync_BackendDoesNotAnswer_IsBackendTimeoutAfterTheConnectTimeout()
    {
        // A listener whose accept queue is full drops further SYNs: the connect hangs, as with a silent backend.
        using Socket listener = BindIpv6Loopback();
        listener.Listen(0);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        List<Socket> fillers = [];
        try
        {
            while (fillers.Count < 8)
            {
                Socket filler = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using CancellationTokenSource connectTimeout = new(TimeSpan.FromMilliseconds(300));
                try
                {
                    await filler.ConnectAsync(listener.LocalEndPoint!, connectTimeout.Token);
                }
                catch (OperationCanceledException)
                {
                    break;   // the queue is full
                }
            }
            _options.ConnectTimeout = TimeSpan.FromMilliseconds(300);
            BackendDialer dialer = new(_options);
            Stopwatch stopwatch = Stopwatch.StartNew();

            DialResult result = await dialer.ConnectAsync([Candidate()], port, s_client, _timeout.Token);

            Assert.False(result.Connected);
            Assert.Equal(IngressRefusal.BackendTimeout, result.Failure);
            Assert.Contains($"[::1]:{port}: no answer within 0.3 s", result.Detail, StringComparison.Ordinal);
            Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    [Fact]
    public async Task ConnectAsync_Cancelled_Throws()
    {
        using Socket listener = BindIpv6Loopback();
        listener.Listen(1);
        BackendDialer dialer = new(_options);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await dialer.ConnectAsync([Candidate()], ((IPEndPoint)listener.LocalEndPoint!).Port, s_client, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task ConnectAsync_NoCandidates_IsBackendRefused()
    {
        BackendDialer dialer = new(_options);

        DialResult result = await dialer.ConnectAsync([], 443, s_client, _timeout.Token);

        Assert.False(result.Connected);
        Assert.Equal(IngressRefusal.BackendRefused, result.Failure);
        Assert.Equal("no permitted address", result.Detail);
    }

    private static BackendCandidate Candidate(IPAddress? address = null) =>
        new(address ?? IPAddress.IPv6Loopback, BackendVerdict.Permitted, s_loopback);

    /// <summary>A bound, not listening, socket on 127.0.0.1:P and a listener on [::1]:P.</summary>
    private static (Socket Closed, Socket Listener) BindSamePortTwice()
    {
        for (int attempt = 0; ; attempt++)
        {
            Socket listener = BindIpv6Loopback();
            listener.Listen(1);
            Socket closed = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                closed.Bind(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndPoint!).Port));
                return (closed, listener);
            }
            catch (SocketException) when (attempt < 10)
            {
                closed.Dispose();
                listener.Dispose();
            }
        }
    }

    private static Socket BindIpv6Loopback()
    {
        Socket socket = new(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
