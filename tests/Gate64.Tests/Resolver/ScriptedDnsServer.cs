using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gate64.Protocols.Dns;

namespace Gate64.Tests.Resolver;

/// <summary>
/// A DNS server on 127.0.0.1 (UDP and TCP on the same port) whose answers a test scripts: the reply is
/// computed from the query, or null to stay silent. It counts what it receives and can misbehave on
/// purpose: answer late, truncate over UDP, or send a reply with the wrong ID or question first.
/// </summary>
internal sealed class ScriptedDnsServer : IAsyncDisposable
{
    private readonly Func<DnsMessage, DnsMessage?> _respond;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<DnsMessage> _queries = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private int _udpQueries;
    private int _tcpQueries;

    public ScriptedDnsServer(Func<DnsMessage, DnsMessage?> respond)
    {
        _respond = respond;
        (_udp, _tcp) = BindPair();
        EndPoint = (IPEndPoint)_udp.LocalEndPoint!;
        _udpLoop = Task.Run(UdpLoopAsync);
        _tcpLoop = Task.Run(TcpLoopAsync);
    }

    /// <summary>Where the server listens, for UDP and TCP alike.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Waited before each reply.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Over UDP, answer with TC=1 and empty sections so that the client retries over TCP.</summary>
    public bool TruncateUdp { get; set; }

    /// <summary>Over UDP, send a copy of the reply with another ID (and a different answer) before the real one.</summary>
    public bool SendWrongIdFirst { get; set; }

    /// <summary>Over UDP, send a reply to another question (with the right ID) before the real one.</summary>
    public bool SendWrongQuestionFirst { get; set; }

    public int UdpQueries => Volatile.Read(ref _udpQueries);

    public int TcpQueries => Volatile.Read(ref _tcpQueries);

    public int Queries => UdpQueries + TcpQueries;

    /// <summary>Every query received, in order of arrival.</summary>
    public IReadOnlyList<DnsMessage> ReceivedQueries => [.. _queries];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        try
        {
            await Task.WhenAll(_udpLoop, _tcpLoop);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }
        _stop.Dispose();
    }

    /// <summary>A UDP and a TCP socket on the same free loopback port.</summary>
    private static (Socket Udp, Socket Tcp) BindPair()
    {
        for (int attempt = 0; ; attempt++)
        {
            Socket udp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Socket tcp = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(udp.LocalEndPoint!);
                tcp.Listen(64);
                return (udp, tcp);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    private async Task UdpLoopAsync()
    {
        byte[] buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;   // ICMP port unreachable from an earlier client that has gone
            }
            if (DnsMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out DnsMessage? query) != DnsParseError.None || query is null)
            {
                continue;
            }
            _queries.Enqueue(query);
            Interlocked.Increment(ref _udpQueries);
            _ = ReplyUdpAsync(query, received.RemoteEndPoint);
        }
    }

    private async Task ReplyUdpAsync(DnsMessage query, EndPoint client)
    {
        try
        {
            DnsMessage? reply = _respond(query);
            if (reply is null)
            {
                return;
            }
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stop.Token);
            }
            if (SendWrongIdFirst)
            {
                DnsMessage forged = Forge(query, reply);
                forged.Id = (ushort)(query.Id ^ 0x5A5A);
                await _udp.SendToAsync(Encode(forged), SocketFlags.None, client, _stop.Token);
            }
            if (SendWrongQuestionFirst)
            {
                DnsMessage forged = Forge(query, reply);
                forged.Questions[0] = forged.Questions[0] with { Name = DnsName.Parse("forged.example.") };
                await _udp.SendToAsync(Encode(forged), SocketFlags.None, client, _stop.Token);
            }
            if (TruncateUdp)
            {
                DnsMessage truncated = query.CreateResponse();
                truncated.Truncated = true;
                truncated.RecursionAvailable = true;
                reply = truncated;
            }
            await _udp.SendToAsync(Encode(reply), SocketFlags.None, client, _stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopping
        }
    }

    private async Task TcpLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _tcp.AcceptAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeTcpAsync(connection);
        }
    }

    private async Task ServeTcpAsync(Socket connection)
    {
        using (connection)
        {
            byte[] buffer = new byte[65537];
            try
            {
                while (true)
                {
                    if (!await ReadExactlyAsync(connection, buffer.AsMemory(0, 2)))
                    {
                        return;
                    }
                    int length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
                    if (!await ReadExactlyAsync(connection, buffer.AsMemory(2, length))
                        || DnsMessage.TryParse(buffer.AsSpan(2, length), out DnsMessage? query) != DnsParseError.None
                        || query is null)
                    {
                        return;
                    }
                    _queries.Enqueue(query);
                    Interlocked.Increment(ref _tcpQueries);
                    DnsMessage? reply = _respond(query);
                    if (reply is null)
                    {
                        continue;
                    }
                    if (Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(Delay, _stop.Token);
                    }
                    byte[] wire = Encode(reply);
                    byte[] framed = new byte[wire.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)wire.Length);
                    wire.CopyTo(framed, 2);
                    await connection.SendAsync(framed, SocketFlags.None, _stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // client gone or stopping
            }
        }
    }

    private async Task<bool> ReadExactlyAsync(Socket connection, Memory<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int received = await connection.ReceiveAsync(destination, SocketFlags.None, _stop.Token);
            if (received == 0)
            {
                return false;
            }
            destination = destination[received..];
        }
        return true;
    }

    /// <summary>A copy of the reply whose answers point somewhere else: what an attacker would like the client to believe.</summary>
    private static DnsMessage Forge(DnsMessage query, DnsMessage reply)
    {
        DnsMessage forged = query.CreateResponse();
        forged.RecursionAvailable = true;
        forged.Edns = reply.Edns;
        foreach (DnsResourceRecord record in reply.Answers)
        {
            forged.Answers.Add(record.Type switch
            {
                DnsRecordType.A => record with { Data = new byte[] { 6, 6, 6, 6 } },
                DnsRecordType.AAAA => record with { Data = IPAddress.Parse("2001:db8:666::6").GetAddressBytes() },
                _ => record,
            });
        }
        return forged;
    }

    private static byte[] Encode(DnsMessage message)
    {
        byte[] buffer = new byte[65535];
        if (!message.TryWrite(buffer, out int length))
        {
            throw new InvalidOperationException("The scripted reply cannot be encoded.");
        }
        return buffer[..length];
    }
}
