using System.Buffers;
using System.Net.Sockets;
using Gate64.Protocols.Http;
using Gate64.Protocols.Names;
using Gate64.Protocols.Tls;

namespace Gate64.Ingress;

/// <summary>
/// Reads the client's first bytes until they name a site: a whole TLS ClientHello (reassembled
/// across reads and records) or a whole HTTP request head. Never decides on a partial value; the
/// caller's token bounds the total time, so a client trickling bytes cannot hold the socket.
/// </summary>
internal static class RouteSniffer
{
    private const byte TlsHandshakeRecord = 0x16;

    /// <summary>A first read buffer that holds nearly every real ClientHello or request head.</summary>
    private const int InitialBufferSize = 4096;

    /// <summary>The most bytes a legal ClientHello (in the smallest legal records) or request head can take.</summary>
    public static int MaxBytes(IngressOptions options) =>
        Math.Max(ClientHelloParser.GetMaxRecordBytes(options.MaxHelloSize), options.MaxHeadSize);

    /// <summary>
    /// Reads until the bytes name a site. An idle client holds no buffer (a zero-byte read waits
    /// first); the buffer starts small and doubles only while a request keeps growing, so slow
    /// clients cost little. The result's buffer is rented: the caller returns it.
    /// </summary>
    public static async ValueTask<SniffResult> SniffAsync(Socket client, IngressOptions options, CancellationToken deadline)
    {
        int limit = MaxBytes(options);
        byte[]? buffer = null;
        int length = 0;
        IngressProtocol protocol = IngressProtocol.Unknown;
        try
        {
            await client.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, deadline).ConfigureAwait(false);
            buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        return SniffResult.Refused(protocol, IngressRefusal.RequestTooLarge, $"more than {limit} bytes without a complete request");
                    }
                    buffer = Grow(buffer, length, Math.Min(limit, buffer.Length * 2));
                }
                int received = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, deadline).ConfigureAwait(false);
                if (received == 0)
                {
                    return protocol == IngressProtocol.Unknown
                        ? default
                        : SniffResult.Refused(protocol, IngressRefusal.MalformedRequest, "the client closed before the request was complete");
                }
                length += received;
                protocol = buffer[0] == TlsHandshakeRecord ? IngressProtocol.Tls : IngressProtocol.Http;
                SniffResult? result = protocol == IngressProtocol.Tls
                    ? ReadClientHello(buffer.AsSpan(0, length), options)
                    : ReadRequestHead(buffer.AsSpan(0, length), options);
                if (result is { } decided)
                {
                    if (decided.Refusal is null)
                    {
                        (SniffResult named, buffer) = (decided with { Buffer = buffer }, null);
                        return named;
                    }
                    return decided;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return SniffResult.Refused(protocol, IngressRefusal.ClientTimeout, $"no complete request within {options.FirstBytesTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static byte[] Grow(byte[] buffer, int length, int size)
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static SniffResult? ReadClientHello(ReadOnlySpan<byte> bytes, IngressOptions options)
    {
        ClientHelloStatus status = ClientHelloParser.TryParse(bytes, options.MaxHelloSize, out ClientHello? hello, out string? error);
        return status switch
        {
            ClientHelloStatus.Incomplete => null,
            ClientHelloStatus.Complete when hello!.ServerName is null =>
                SniffResult.Refused(IngressProtocol.Tls, IngressRefusal.NoServerName, "the ClientHello has no server_name"),
            ClientHelloStatus.Complete => Named(IngressProtocol.Tls, hello.ServerName, bytes.Length),
            ClientHelloStatus.TooLarge => SniffResult.Refused(IngressProtocol.Tls, IngressRefusal.RequestTooLarge, $"ClientHello larger than {options.MaxHelloSize} bytes"),
            _ => SniffResult.Refused(IngressProtocol.Tls, IngressRefusal.MalformedRequest, $"malformed ClientHello: {error}"),
        };
    }

    private static SniffResult? ReadRequestHead(ReadOnlySpan<byte> bytes, IngressOptions options)
    {
        HttpHeadStatus status = HttpRequestHeadParser.TryParse(bytes, options.MaxHeadSize, out HttpRequestHead? head, out HttpHeadError error);
        return status switch
        {
            HttpHeadStatus.Incomplete => null,
            HttpHeadStatus.Complete => Named(IngressProtocol.Http, head!.Host, bytes.Length),
            HttpHeadStatus.TooLarge => SniffResult.Refused(IngressProtocol.Http, IngressRefusal.RequestTooLarge, $"request head larger than {options.MaxHeadSize} bytes"),
            _ => error switch
            {
                HttpHeadError.MissingHost => SniffResult.Refused(IngressProtocol.Http, IngressRefusal.NoServerName, "no Host header"),
                HttpHeadError.ConnectNotAllowed => SniffResult.Refused(IngressProtocol.Http, IngressRefusal.ConnectNotAllowed, "CONNECT"),
                _ => SniffResult.Refused(IngressProtocol.Http, IngressRefusal.MalformedRequest, Describe(error)),
            },
        };
    }

    private static SniffResult Named(IngressProtocol protocol, string rawName, int length) =>
        HostName.TryNormalize(rawName, out string? name, out HostNameError error)
            ? new SniffResult(protocol, name, length, null, string.Empty)
            : SniffResult.Refused(protocol, IngressRefusal.InvalidName, Describe(error), rawName);

    private static string Describe(HostNameError error) => error switch
    {
        HostNameError.IpLiteral => "an IP address, not a name",
        HostNameError.TooLong => "longer than 253 characters",
        HostNameError.InvalidPunycode => "invalid punycode",
        HostNameError.Empty => "empty",
        _ => "not a valid host name",
    };

    private static string Describe(HttpHeadError error) => error switch
    {
        HttpHeadError.NotHttp => "not an HTTP/1 request",
        HttpHeadError.UnsupportedVersion => "unsupported HTTP version (HTTP/2 needs TLS with ALPN here)",
        HttpHeadError.DuplicateHost => "more than one Host header",
        HttpHeadError.InvalidHost => "invalid Host header",
        HttpHeadError.InvalidHeader => "invalid header line",
        _ => error.ToString(),
    };
}
