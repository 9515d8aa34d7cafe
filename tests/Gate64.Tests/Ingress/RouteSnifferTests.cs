using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Gate64.Ingress;
using Gate64.Testing;

namespace Gate64.Tests.Ingress;

/// <summary>The sniffer reading a real loopback client's first bytes.</summary>
public sealed class RouteSnifferTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly IngressOptions _options = new();
    private SocketPair _pair = null!;

    private Socket Client => _pair.Client;

    private Socket Proxy => _pair.Server;

    public async Task InitializeAsync() => _pair = await SocketPair.CreateAsync();

    public Task DisposeAsync()
    {
        _pair.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SniffAsync_RealClientHelloInOneByteWrites_IsTlsWithTheNormalisedName()
    {
        byte[] hello = await ClientHellos.CaptureAsync("Site.Test.");
        Task<SniffResult> sniff = SniffAsync();

        for (int i = 0; i < hello.Length; i++)
        {
            await Client.SendAsync(hello.AsMemory(i, 1), SocketFlags.None, _timeout.Token);
        }

        SniffResult result = await sniff;
        try
        {
            Assert.Null(result.Refusal);
            Assert.Equal(IngressProtocol.Tls, result.Protocol);
            Assert.Equal("site.test", result.Name);
            Assert.Equal(hello.Length, result.Length);
            Assert.NotNull(result.Buffer);
            Assert.True(hello.AsSpan().SequenceEqual(result.Buffer.AsSpan(0, result.Length)), "the buffer does not hold the hello as sent");
            Assert.False(result.ClientGone);
        }
        finally
        {
            Return(result);
        }
    }

    [Fact]
    public async Task SniffAsync_HttpHeadSplitMidHost_CompletesOnlyAfterTheBlankLine()
    {
        Task<SniffResult> sniff = SniffAsync();

        foreach (string part in (string[])["GET / HTTP/1.1\r\nHost: exa", "mple.ORG:8080\r\n", "Accept: */*\r\n"])
        {
            await Client.SendAsync(Encoding.ASCII.GetBytes(part), SocketFlags.None, _timeout.Token);
            await Task.Delay(100, _timeout.Token);
            Assert.False(sniff.IsCompleted, $"decided after \"{part.ReplaceLineEndings("\\n")}\", before the blank line");
        }
        await Client.SendAsync("\r\n"u8.ToArray(), SocketFlags.None, _timeout.Token);

        SniffResult result = await sniff;
        try
        {
            Assert.Null(result.Refusal);
            Assert.Equal(IngressProtocol.Http, result.Protocol);
            Assert.Equal("example.org", result.Name);
            Assert.Equal("GET / HTTP/1.1\r\nHost: example.ORG:8080\r\nAccept: */*\r\n\r\n".Length, result.Length);
            Assert.NotNull(result.Buffer);
        }
        finally
        {
            Return(result);
        }
    }

    [Fact]
    public async Task SniffAsync_BytesAfterTheHeadInTheSameRead_AreKeptForTheBackend()
    {
        byte[] request = Encoding.ASCII.GetBytes("POST /form HTTP/1.1\r\nHost: site.test\r\nContent-Length: 9\r\n\r\nname=demo");

        await Client.SendAsync(request, SocketFlags.None, _timeout.Token);
        SniffResult result = await SniffAsync();

        try
        {
            Assert.Equal("site.test", result.Name);
            Assert.Equal(request.Length, result.Length);
            Assert.True(request.AsSpan().SequenceEqual(result.Buffer.AsSpan(0, result.Length)), "the body sent with the head would not be replayed");
        }
        finally
        {
            Return(result);
        }
    }

    [Fact]
    public async Task SniffAsync_ClientSilentUntilTheDeadline_IsClientTimeout()
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromMilliseconds(300));

        SniffResult result = await RouteSniffer.SniffAsync(Proxy, _options, deadline.Token).AsTask().WaitAsync(TestTimeouts.Prompt, _timeout.Token);

        Assert.Equal(IngressRefusal.ClientTimeout, result.Refusal);
        Assert.Equal(IngressProtocol.Unknown, result.Protocol);
        Assert.False(result.ClientGone);
        Assert.Null(result.Buffer);
    }

    [Fact]
    public async Task SniffAsync_PartialHeadUntilTheDeadline_IsClientTimeoutForHttp()
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromMilliseconds(300));
        await Client.SendAsync("GET / HTTP/1.1\r\nHost: site.te"u8.ToArray(), SocketFlags.None, _timeout.Token);

        SniffResult result = await RouteSniffer.SniffAsync(Proxy, _options, deadline.Token).AsTask().WaitAsync(TestTimeouts.Prompt, _timeout.Token);

        Assert.Equal(IngressRefusal.ClientTimeout, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
        Assert.Null(result.Buffer);
    }

    [Fact]
    public async Task SniffAsync_ClientConnectsAndCloses_IsClientGone()
    {
        Client.Shutdown(SocketShutdown.Send);

        SniffResult result = await SniffAsync();

        Assert.True(result.ClientGone);
        Assert.Null(result.Refusal);
        Assert.Null(result.Buffer);
    }

    [Fact]
    public async Task SniffAsync_ClientClosesMidRequest_IsMalformedRequest()
    {
        await SocketReads.SendAndShutdownAsync(Client, "GET / HTTP/1.1\r\nHost: site.test\r\n"u8.ToArray(), _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.False(result.ClientGone);
        Assert.Equal(IngressRefusal.MalformedRequest, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
    }

    [Fact]
    public async Task SniffAsync_EndlessHeadersBeyondMaxBytes_IsRequestTooLarge()
    {
        StringBuilder head = new("GET / HTTP/1.1\r\n");
        while (head.Length <= RouteSniffer.MaxBytes(_options))
        {
            head.Append("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        Task sending = SendIgnoringResetAsync(Encoding.ASCII.GetBytes(head.ToString()));

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.RequestTooLarge, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
        Proxy.Close();
        await sending;
    }

    [Fact]
    public async Task SniffAsync_EndlessTokenCharactersWithoutALineEnd_IsRequestTooLarge()
    {
        // Letters only could still be the start of a very long method name: the parser waits until the size cap.
        Task sending = SendIgnoringResetAsync(Encoding.ASCII.GetBytes(new string('a', RouteSniffer.MaxBytes(_options) + 1)));

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.RequestTooLarge, result.Refusal);
        Proxy.Close();
        await sending;
    }

    [Fact]
    public async Task SniffAsync_BinaryGarbage_IsMalformedRequestAtOnce()
    {
        await Client.SendAsync(new byte[] { 0x00, 0x01, 0x02, 0xFF, 0x0D, 0x0A }, SocketFlags.None, _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.MalformedRequest, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
    }

    [Fact]
    public async Task SniffAsync_HelloLargerThanMaxHelloSize_IsRequestTooLargeForTls()
    {
        byte[] hello = await ClientHellos.CaptureAsync("site.test");
        _options.MaxHelloSize = 64;
        await Client.SendAsync(hello, SocketFlags.None, _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.RequestTooLarge, result.Refusal);
        Assert.Equal(IngressProtocol.Tls, result.Protocol);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("192.0.2.1:8080")]
    [InlineData("[2001:db8::1]")]
    [InlineData("[::1]:80")]
    public async Task SniffAsync_IpLiteralHost_IsInvalidName(string host)
    {
        await Client.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"), SocketFlags.None, _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.InvalidName, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
        Assert.Contains("IP address", result.Detail, StringComparison.Ordinal);
        Assert.Null(result.Buffer);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    public async Task SniffAsync_HelloWithoutServerName_IsNoServerName(string targetHost)
    {
        byte[] hello = await ClientHellos.CaptureAsync(targetHost);
        await Client.SendAsync(hello, SocketFlags.None, _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.NoServerName, result.Refusal);
        Assert.Equal(IngressProtocol.Tls, result.Protocol);
    }

    [Fact]
    public async Task SniffAsync_HttpWithoutHost_IsNoServerName()
    {
        await Client.SendAsync("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"u8.ToArray(), SocketFlags.None, _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.NoServerName, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
    }

    [Fact]
    public async Task SniffAsync_Connect_IsConnectNotAllowedWithoutWaitingForTheHead()
    {
        await Client.SendAsync("CONNECT site.test:443 HTTP/1.1\r\n"u8.ToArray(), SocketFlags.None, _timeout.Token);

        SniffResult result = await SniffAsync();

        Assert.Equal(IngressRefusal.ConnectNotAllowed, result.Refusal);
        Assert.Equal(IngressProtocol.Http, result.Protocol);
    }

    private async Task<SniffResult> SniffAsync() =>
        await RouteSniffer.SniffAsync(Proxy, _options, _timeout.Token).AsTask().WaitAsync(TestTimeouts.Prompt);

    private async Task SendIgnoringResetAsync(byte[] data)
    {
        try
        {
            await Client.SendAsync(data, SocketFlags.None, _timeout.Token);
        }
        catch (SocketException)
        {
            // the proxy stopped reading and closed: expected
        }
    }

    private static void Return(SniffResult result)
    {
        if (result.Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(result.Buffer);
        }
    }
}
