using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Dns;

namespace Gate64.Resolver;

/// <summary>
/// Sends one query to one upstream and returns its answer: over UDP from a fresh socket
/// (a random source port per query, RFC 5452), over TCP when the UDP answer is truncated.
/// Answers whose ID or question do not match are ignored, as spoofing defence.
/// </summary>
internal sealed class DnsUpstreamClient
{
    private const int MaxMessageSize = ushort.MaxValue;

    /// <summary>The parsed answer and its wire bytes (what the cache keeps), or why there is none.</summary>
    public async ValueTask<(DnsMessage? Response, byte[]? Wire, DnsResolutionError Error)> ExchangeAsync(
        IPEndPoint upstream, DnsMessage query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxMessageSize + 2);
        try
        {
            if (!query.TryWrite(buffer.AsSpan(2), out int queryLength))
            {
                return (null, null, DnsResolutionError.Malformed);
            }
            (DnsMessage? response, int length) = await ExchangeUdpAsync(upstream, query, buffer, queryLength, deadline.Token).ConfigureAwait(false);
            if (response is null)
            {
                // Truncated over UDP: ask again over TCP (RFC 7766).
                query.TryWrite(buffer.AsSpan(2), out queryLength);
                (response, length) = await ExchangeTcpAsync(upstream, query, buffer, queryLength, deadline.Token).ConfigureAwait(false);
            }
            return response is null
                ? (null, null, DnsResolutionError.Malformed)
                : (response, buffer.AsSpan(2, length).ToArray(), DnsResolutionError.None);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, DnsResolutionError.Timeout);
        }
        catch (SocketException)
        {
            return (null, null, DnsResolutionError.Unreachable);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The answer and its length at buffer[2..], or null when the upstream said it was truncated.</summary>
    private static async ValueTask<(DnsMessage?, int)> ExchangeUdpAsync(
        IPEndPoint upstream, DnsMessage query, byte[] buffer, int queryLength, CancellationToken cancellationToken)
    {
        using Socket socket = new(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connecting makes the kernel drop datagrams from any other source.
        await socket.ConnectAsync(upstream, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(buffer.AsMemory(2, queryLength), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            int received = await socket.ReceiveAsync(buffer.AsMemory(2), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            ReadOnlySpan<byte> datagram = buffer.AsSpan(2, received);
            if (DnsHeader.TryRead(datagram, out DnsHeader header) && header.IsResponse && header.Id == query.Id && header.Truncated)
            {
                return (null, 0);
            }
            if (TryAccept(query, datagram, out DnsMessage? response))
            {
                return (response, received);
            }
            // A stray or forged datagram: keep waiting for the real answer until the deadline.
        }
    }

    /// <summary>The answer and its length at buffer[2..]; null when the stream ended early or carried no valid answer.</summary>
    private static async ValueTask<(DnsMessage?, int)> ExchangeTcpAsync(
        IPEndPoint upstream, DnsMessage query, byte[] buffer, int queryLength, CancellationToken cancellationToken)
    {
        using Socket socket = new(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(upstream, cancellationToken).ConfigureAwait(false);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)queryLength);
        await socket.SendAsync(buffer.AsMemory(0, queryLength + 2), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (!await ReceiveExactlyAsync(socket, buffer.AsMemory(0, 2), cancellationToken).ConfigureAwait(false))
        {
            return (null, 0);
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
        if (!await ReceiveExactlyAsync(socket, buffer.AsMemory(2, length), cancellationToken).ConfigureAwait(false))
        {
            return (null, 0);
        }
        return TryAccept(query, buffer.AsSpan(2, length), out DnsMessage? response) ? (response, length) : (null, 0);
    }

    private static async ValueTask<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            int received = await socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return false;
            }
            destination = destination[received..];
        }
        return true;
    }

    /// <summary>An answer counts only if it is a response with our ID to exactly our question.</summary>
    private static bool TryAccept(DnsMessage query, ReadOnlySpan<byte> datagram, out DnsMessage? response)
    {
        if (DnsMessage.TryParse(datagram, out response) != DnsParseError.None
            || response is null
            || !response.IsResponse
            || response.Id != query.Id
            || response.Questions.Count != 1
            || response.Questions[0] != query.Questions[0])
        {
            response = null;
            return false;
        }
        return true;
    }
}
