using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gate64.Diagnostics;

/// <summary>
/// The probes of <c>gate64 check</c> over real sockets. Each probe (connect, connect + TLS
/// handshake, connect + HTTP request) must finish within one timeout; a timeout or a network
/// error is a result, not an exception.
/// </summary>
internal sealed class SocketIngressProbes : IIngressProbes
{
    /// <summary>Enough for any status line; a server that sends more before a line break is not speaking HTTP.</summary>
    private const int MaxStatusLineBytes = 8192;

    private readonly TimeSpan _timeout;
    private readonly X509ChainPolicy? _chainPolicy;

    /// <param name="timeout">The most one probe may take.</param>
    /// <param name="chainPolicy">How to validate the server's certificate; null for the system's trust store.</param>
    public SocketIngressProbes(TimeSpan timeout, X509ChainPolicy? chainPolicy = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        _chainPolicy = chainPolicy;
    }

    public async Task<TcpProbeResult> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        using Socket socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        string? error = await TryConnectAsync(socket, endpoint, deadline.Token, cancellationToken).ConfigureAwait(false);
        return new TcpProbeResult(error is null, Stopwatch.GetElapsedTime(started), error ?? string.Empty);
    }

    public async Task<TlsProbeResult> HandshakeAsync(IPEndPoint endpoint, string serverName, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        Socket socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        string? connectError = await TryConnectAsync(socket, endpoint, deadline.Token, cancellationToken).ConfigureAwait(false);
        if (connectError is not null)
        {
            socket.Dispose();
            return new TlsProbeResult { Completed = false, Error = $"could not connect: it {connectError}" };
        }

        CertificateFindings findings = new();
        SslClientAuthenticationOptions options = new()
        {
            TargetHost = serverName,
            // Revocation lists and OCSP responders may be unreachable from a gateway; the check is about reachability.
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = _chainPolicy?.Clone(),
            // Accept whatever the certificate: the handshake itself is what is being tested.
            RemoteCertificateValidationCallback = (_, certificate, chain, policyErrors) =>
            {
                findings.Record(certificate, chain, policyErrors);
                return true;
            },
        };
        await using SslStream tls = new(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TlsProbeResult { Completed = false, Error = $"the server did not finish the handshake within {Seconds(_timeout)}" };
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            return new TlsProbeResult { Completed = false, Error = DescribeHandshakeFailure(exception) };
        }
        return new TlsProbeResult
        {
            Completed = true,
            Protocol = tls.SslProtocol,
            PolicyErrors = findings.PolicyErrors,
            CertificateProblems = findings.Problems,
            CertificateNames = findings.Names,
            CertificateNotAfter = findings.NotAfter,
        };
    }

    public async Task<HttpProbeResult> GetAsync(IPEndPoint endpoint, string host, string path, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        Socket socket = new(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        string? connectError = await TryConnectAsync(socket, endpoint, deadline.Token, cancellationToken).ConfigureAwait(false);
        if (connectError is not null)
        {
            socket.Dispose();
            return new HttpProbeResult(false, null, $"could not connect: it {connectError}");
        }

        await using NetworkStream stream = new(socket, ownsSocket: true);
        byte[] request = Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: gate64-check\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        byte[] buffer = new byte[MaxStatusLineBytes];
        int received = 0;
        try
        {
            await stream.WriteAsync(request, deadline.Token).ConfigureAwait(false);
            while (received < buffer.Length && Array.IndexOf(buffer, (byte)'\n', 0, received) < 0)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(received), deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                received += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpProbeResult(false, null, received == 0
                ? $"the server did not answer within {Seconds(_timeout)}"
                : $"the server did not finish its status line within {Seconds(_timeout)}");
        }
        catch (IOException exception) when (received == 0)
        {
            return new HttpProbeResult(false, null, exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }
                ? "the server reset the connection without answering"
                : $"the connection failed before an answer: {exception.Message}");
        }
        catch (IOException)
        {
            // A status line may still have arrived before the reset.
        }

        if (received == 0)
        {
            return new HttpProbeResult(false, null, "the server closed the connection without answering");
        }
        int lineEnd = Array.IndexOf(buffer, (byte)'\n', 0, received);
        string line = Printable(buffer.AsSpan(0, lineEnd < 0 ? received : lineEnd).TrimEnd((byte)'\r'));
        if (!line.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            return new HttpProbeResult(false, null, $"the server answered with something that is not HTTP (\"{Truncate(line, 40)}\")");
        }
        return new HttpProbeResult(true, Truncate(line, 200), string.Empty);
    }

    /// <summary>Null when connected; otherwise what went wrong, as a predicate ("refused the connection").</summary>
    private async Task<string?> TryConnectAsync(Socket socket, IPEndPoint endpoint, CancellationToken deadline, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(endpoint, deadline).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"did not answer within {Seconds(_timeout)} (a firewall may be dropping the connection)";
        }
        catch (SocketException exception)
        {
            return DescribeSocketError(exception.SocketErrorCode);
        }
    }

    private static string DescribeSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "refused the connection (nothing listens on that port, or a firewall rejects it)",
        SocketError.TimedOut => "did not answer (the connection timed out)",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "is unreachable: there is no route from here to its network",
        SocketError.HostUnreachable or SocketError.HostDown => "is unreachable: no route to the host",
        SocketError.ConnectionReset => "reset the connection",
        SocketError.AddressFamilyNotSupported => "cannot be reached: this host has no IPv6",
        SocketError.AccessDenied => "may not be reached from here (a local firewall rule denies it)",
        _ => $"could not be reached ({error})",
    };

    private static string DescribeHandshakeFailure(Exception exception)
    {
        Exception innermost = exception.GetBaseException();
        if (innermost is IOException && innermost.Message.Contains("EOF", StringComparison.OrdinalIgnoreCase))
        {
            return "the server closed the connection during the handshake";
        }
        if (innermost is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return "the server reset the connection during the handshake";
        }
        // OpenSSL says "error:0A000458:SSL routines::tlsv1 unrecognized name": keep the words.
        string message = innermost.Message;
        int words = message.LastIndexOf("::", StringComparison.Ordinal);
        if (message.StartsWith("error:", StringComparison.Ordinal) && words >= 0)
        {
            message = message[(words + 2)..];
        }
        return $"the handshake failed: {message.TrimEnd('.')}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        StringBuilder text = new(bytes.Length);
        foreach (byte value in bytes)
        {
            text.Append(value is >= 0x20 and < 0x7f ? (char)value : '.');
        }
        return text.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    internal static string Seconds(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");
}
