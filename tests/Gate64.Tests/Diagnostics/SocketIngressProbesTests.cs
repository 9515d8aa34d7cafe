using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gate64.Diagnostics;

namespace Gate64.Tests.Diagnostics;

/// <summary>The real probes against servers on 127.0.0.1 that behave well or badly on purpose.</summary>
public sealed class SocketIngressProbesTests
{
    private const string Site = "site.test";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);
    // Long enough that connecting to loopback always finishes first, even on a loaded 2-core box:
    // these tests are about the server staying silent after the connection.
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task Connect_ListeningPort_Connects()
    {
        await using LoopbackTcpServer server = new((_, _) => Task.CompletedTask);

        TcpProbeResult result = await new SocketIngressProbes(s_timeout).ConnectAsync(server.EndPoint, CancellationToken.None);

        Assert.True(result.Connected, result.Error);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Connect_ClosedPort_IsRefused()
    {
        TcpProbeResult result = await new SocketIngressProbes(s_timeout).ConnectAsync(LoopbackTcpServer.ClosedEndPoint(), CancellationToken.None);

        Assert.False(result.Connected);
        Assert.StartsWith("refused the connection", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_CallerCancels_Throws()
    {
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new SocketIngressProbes(s_timeout).ConnectAsync(LoopbackTcpServer.ClosedEndPoint(), cancelled.Token));
    }

    [Fact]
    public async Task Handshake_SelfSignedCertificateForTheName_CompletesAndReportsOnlyTheUntrustedChain()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSigned(Site);
        TaskCompletionSource<string> sni = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackTcpServer server = TlsServer(certificate, sni);

        TlsProbeResult result = await new SocketIngressProbes(s_timeout).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.True(result.Completed, result.Error);
        Assert.Equal(Site, await sni.Task.WaitAsync(s_timeout));
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, result.PolicyErrors);
        Assert.Contains("it is not issued by a trusted certificate authority (self-signed or a private CA)", result.CertificateProblems);
        Assert.Equal([Site], result.CertificateNames);
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), result.CertificateNotAfter!.Value.UtcDateTime);
        Assert.NotEqual(System.Security.Authentication.SslProtocols.None, result.Protocol);
    }

    [Fact]
    public async Task Handshake_CertificateTrustedByTheChainPolicy_HasNoPolicyErrors()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSigned(Site);
        await using LoopbackTcpServer server = TlsServer(certificate, null);
        X509ChainPolicy trust = new() { TrustMode = X509ChainTrustMode.CustomRootTrust };
        trust.CustomTrustStore.Add(certificate);

        TlsProbeResult result = await new SocketIngressProbes(s_timeout, trust).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.True(result.Completed, result.Error);
        Assert.Equal(SslPolicyErrors.None, result.PolicyErrors);
        Assert.Empty(result.CertificateProblems);
    }

    [Fact]
    public async Task Handshake_CertificateForAnotherName_CompletesWithANameMismatch()
    {
        using X509Certificate2 certificate = TestCertificates.SelfSigned("other.test");
        await using LoopbackTcpServer server = TlsServer(certificate, null);

        TlsProbeResult result = await new SocketIngressProbes(s_timeout).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.True(result.Completed, result.Error);
        Assert.True(result.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Equal(["other.test"], result.CertificateNames);
    }

    [Fact]
    public async Task Handshake_ExpiredCertificate_SaysWhenItExpired()
    {
        DateTimeOffset expired = DateTimeOffset.UtcNow.AddDays(-10);
        using X509Certificate2 certificate = TestCertificates.SelfSigned(Site, expired.AddDays(-30), expired);
        await using LoopbackTcpServer server = TlsServer(certificate, null);

        TlsProbeResult result = await new SocketIngressProbes(s_timeout).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.True(result.Completed, result.Error);
        Assert.Contains($"it expired on {expired.UtcDateTime:yyyy-MM-dd}", result.CertificateProblems);
    }

    [Fact]
    public async Task Handshake_ServerClosesAtOnce_FailsSayingSo()
    {
        await using LoopbackTcpServer server = new((connection, _) =>
        {
            connection.Close();
            return Task.CompletedTask;
        });

        TlsProbeResult result = await new SocketIngressProbes(s_timeout).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.False(result.Completed);
        Assert.Matches("^the server (closed|reset) the connection during the handshake$", result.Error);
    }

    [Fact]
    public async Task Handshake_ServerSpeaksPlainHttp_Fails()
    {
        await using LoopbackTcpServer server = new(async (connection, cancellationToken) =>
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), cancellationToken);
            connection.Shutdown(SocketShutdown.Send);
        });

        TlsProbeResult result = await new SocketIngressProbes(s_timeout).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.False(result.Completed);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task Handshake_SilentServer_TimesOut()
    {
        await using LoopbackTcpServer server = new((_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));

        TlsProbeResult result = await new SocketIngressProbes(s_short).HandshakeAsync(server.EndPoint, Site, CancellationToken.None);

        Assert.False(result.Completed);
        Assert.Equal("the server did not finish the handshake within 1.5 s", result.Error);
    }

    [Fact]
    public async Task Handshake_ClosedPort_FailsSayingItCouldNotConnect()
    {
        TlsProbeResult result = await new SocketIngressProbes(s_timeout).HandshakeAsync(LoopbackTcpServer.ClosedEndPoint(), Site, CancellationToken.None);

        Assert.False(result.Completed);
        Assert.StartsWith("could not connect: it refused the connection", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WebServer_SendsHostAndPathAndReturnsTheStatusLine()
    {
        TaskCompletionSource<string> head = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackTcpServer server = new(async (connection, cancellationToken) =>
        {
            head.TrySetResult(await ReadHeadAsync(connection, cancellationToken));
            await connection.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), cancellationToken);
        });

        HttpProbeResult result = await new SocketIngressProbes(s_timeout).GetAsync(server.EndPoint, Site, "/.well-known/acme-challenge/gate64-check-x", CancellationToken.None);

        Assert.True(result.Responded, result.Error);
        Assert.Equal("HTTP/1.1 404 Not Found", result.StatusLine);
        string request = await head.Task.WaitAsync(s_timeout);
        Assert.StartsWith("GET /.well-known/acme-challenge/gate64-check-x HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nHost: site.test\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_StatusLineInPieces_IsReassembled()
    {
        await using LoopbackTcpServer server = new(async (connection, cancellationToken) =>
        {
            await ReadHeadAsync(connection, cancellationToken);
            foreach (string piece in (string[])["HTT", "P/1.0 30", "1 Moved Permanently\r", "\nLocation: https://site.test/\r\n\r\n"])
            {
                await connection.SendAsync(Encoding.ASCII.GetBytes(piece), cancellationToken);
                await Task.Delay(20, cancellationToken);
            }
        });

        HttpProbeResult result = await new SocketIngressProbes(s_timeout).GetAsync(server.EndPoint, Site, "/x", CancellationToken.None);

        Assert.True(result.Responded, result.Error);
        Assert.Equal("HTTP/1.0 301 Moved Permanently", result.StatusLine);
    }

    [Fact]
    public async Task Get_ServerClosesWithoutAnswering_IsNoAnswer()
    {
        await using LoopbackTcpServer server = new(async (connection, cancellationToken) =>
        {
            await ReadHeadAsync(connection, cancellationToken);
            connection.Shutdown(SocketShutdown.Send);
        });

        HttpProbeResult result = await new SocketIngressProbes(s_timeout).GetAsync(server.EndPoint, Site, "/x", CancellationToken.None);

        Assert.False(result.Responded);
        Assert.Equal("the server closed the connection without answering", result.Error);
    }

    [Fact]
    public async Task Get_ServerAnswersSomethingElse_IsNotHttp()
    {
        await using LoopbackTcpServer server = new(async (connection, cancellationToken) =>
        {
            await ReadHeadAsync(connection, cancellationToken);
            await connection.SendAsync(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46, (byte)'\n' }, cancellationToken);
        });

        HttpProbeResult result = await new SocketIngressProbes(s_timeout).GetAsync(server.EndPoint, Site, "/x", CancellationToken.None);

        Assert.False(result.Responded);
        Assert.StartsWith("the server answered with something that is not HTTP", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_SilentServer_TimesOut()
    {
        await using LoopbackTcpServer server = new((_, cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));

        HttpProbeResult result = await new SocketIngressProbes(s_short).GetAsync(server.EndPoint, Site, "/x", CancellationToken.None);

        Assert.False(result.Responded);
        Assert.Equal("the server did not answer within 1.5 s", result.Error);
    }

    [Fact]
    public async Task Get_ClosedPort_SaysItCouldNotConnect()
    {
        HttpProbeResult result = await new SocketIngressProbes(s_timeout).GetAsync(LoopbackTcpServer.ClosedEndPoint(), Site, "/x", CancellationToken.None);

        Assert.False(result.Responded);
        Assert.StartsWith("could not connect: it refused the connection", result.Error, StringComparison.Ordinal);
    }

    private static LoopbackTcpServer TlsServer(X509Certificate2 certificate, TaskCompletionSource<string>? sni) =>
        new(async (connection, cancellationToken) =>
        {
            await using SslStream tls = new(new NetworkStream(connection, ownsSocket: false));
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken);
            sni?.TrySetResult(tls.TargetHostName);
            // Like a web server: wait for a request (the probe sends none and closes).
            _ = await tls.ReadAsync(new byte[1], cancellationToken);
        });

    private static async Task<string> ReadHeadAsync(Socket connection, CancellationToken cancellationToken)
    {
        StringBuilder head = new();
        byte[] buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await connection.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return head.ToString();
    }
}
