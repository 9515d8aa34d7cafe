using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Gate64.Protocols.Bgp;

namespace Gate64.Testing.Bgp;

/// <summary>
/// One TCP connection the speaker under test opened to a <see cref="ScriptedBgpPeer"/>. The test plays the
/// router message by message: it sends whatever bytes it wants (valid or broken) and reads the speaker's
/// messages, each checked by <see cref="BgpMessageHeader.TryRead"/> (the speaker must never send a broken
/// frame). Timestamps (<see cref="Stopwatch.GetTimestamp"/>) of the accept and of the close let a test
/// measure the speaker's reconnect backoff.
/// </summary>
public sealed class ScriptedBgpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly byte[] _buffer = new byte[2 * BgpMessageHeader.MaxMessageLength];
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<BgpMessageType, int> _received = [];
    private int _start;
    private int _end;
    private Task? _keepalives;
    private int _disposed;

    internal ScriptedBgpConnection(Socket socket, long acceptedAt)
    {
        _socket = socket;
        AcceptedAt = acceptedAt;
    }

    /// <summary>When the connection was accepted (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long AcceptedAt { get; }

    /// <summary>When a receive first saw the connection end (FIN or reset); null while it is open.</summary>
    public long? ClosedAt { get; private set; }

    /// <summary>Messages received so far, by type.</summary>
    public IReadOnlyDictionary<BgpMessageType, int> Received => _received;

    /// <summary>Sends raw bytes (one or more messages, or garbage).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _sendGate.WaitAsync(_stop.Token).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// The next whole message (header included), or null once the speaker closed the connection. Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/> and <see cref="InvalidDataException"/>
    /// for a frame that violates RFC 4271 §4.1.
    /// </summary>
    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(timeout);
        while (true)
        {
            ReadOnlySpan<byte> buffered = _buffer.AsSpan(_start, _end - _start);
            switch (BgpMessageHeader.TryRead(buffered, out BgpMessageType type, out int length, out BgpNotification? error))
            {
                case BgpFrameStatus.Complete:
                    byte[] message = buffered[..length].ToArray();
                    _start += length;
                    _received[type] = _received.GetValueOrDefault(type) + 1;
                    return message;
                case BgpFrameStatus.Invalid:
                    throw new InvalidDataException($"the speaker sent a broken frame ({error!.Describe()}): {Convert.ToHexStringLower(buffered)}");
            }

            if (ClosedAt is not null)
            {
                return null;
            }

            if (_start > 0)
            {
                buffered.CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                throw new TimeoutException($"the speaker sent nothing more within {timeout.TotalSeconds:0.#} s (buffered: {_end - _start} bytes)");
            }
            catch (SocketException)
            {
                read = 0;   // reset by the speaker: closed just as well
            }

            if (read == 0)
            {
                ClosedAt = Stopwatch.GetTimestamp();
                if (_end == _start)
                {
                    return null;
                }

                throw new InvalidDataException($"the speaker closed the connection inside a message: {Convert.ToHexStringLower(_buffer.AsSpan(_start, _end - _start))}");
            }

            _end += read;
        }
    }

    /// <summary>The next message, which must be of <paramref name="expected"/> type; KEEPALIVEs before it are skipped when <paramref name="skipKeepalives"/>.</summary>
    public async Task<byte[]> ReceiveExpectingAsync(BgpMessageType expected, TimeSpan timeout, bool skipKeepalives = false)
    {
        Stopwatch elapsed = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan left = timeout - elapsed.Elapsed;
            byte[]? message = await ReceiveAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false)
                ?? throw new InvalidDataException($"the speaker closed the connection instead of sending {expected}");
            BgpMessageType type = (BgpMessageType)message[BgpMessageHeader.Length - 1];
            if (type == expected)
            {
                return message;
            }

            if (!(skipKeepalives && type == BgpMessageType.Keepalive))
            {
                throw new InvalidDataException($"the speaker sent {Describe(message)} instead of {expected}");
            }
        }
    }

    /// <summary>The speaker's OPEN, parsed.</summary>
    public async Task<BgpOpen> ReceiveOpenAsync(TimeSpan timeout)
    {
        byte[] message = await ReceiveExpectingAsync(BgpMessageType.Open, timeout).ConfigureAwait(false);
        return BgpOpenCodec.TryParse(message, out BgpOpen? open, out BgpNotification? error)
            ? open!
            : throw new InvalidDataException($"the speaker's OPEN does not parse ({error!.Describe()}): {Convert.ToHexStringLower(message)}");
    }

    /// <summary>The speaker's NOTIFICATION (KEEPALIVEs before it skipped), parsed.</summary>
    public async Task<BgpNotification> ReceiveNotificationAsync(TimeSpan timeout)
    {
        byte[] message = await ReceiveExpectingAsync(BgpMessageType.Notification, timeout, skipKeepalives: true).ConfigureAwait(false);
        return BgpNotificationCodec.TryParse(message, out BgpNotification? notification)
            ? notification!
            : throw new InvalidDataException($"the speaker's NOTIFICATION does not parse: {Convert.ToHexStringLower(message)}");
    }

    /// <summary>Waits until the speaker closes the connection; a message it sends first is an error.</summary>
    public async Task WaitForCloseAsync(TimeSpan timeout)
    {
        byte[]? message = await ReceiveAsync(timeout).ConfigureAwait(false);
        if (message is not null)
        {
            throw new InvalidDataException($"expected the speaker to close the connection, but it sent {Describe(message)}");
        }
    }

    /// <summary>Sends a KEEPALIVE every <paramref name="interval"/> in the background until disposed, so the speaker's hold timer never expires.</summary>
    public void StartKeepalives(TimeSpan interval)
    {
        if (_keepalives is not null)
        {
            throw new InvalidOperationException("keepalives are already running");
        }

        _keepalives = Task.Run(async () =>
        {
            using PeriodicTimer timer = new(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await SendAsync(ScriptedBgpMessages.Keepalive()).ConfigureAwait(false);
            }
        });
    }

    /// <summary>One-line description of a message, for assertion messages.</summary>
    public static string Describe(ReadOnlySpan<byte> message)
    {
        if (message.Length < BgpMessageHeader.Length)
        {
            return $"a fragment {Convert.ToHexStringLower(message)}";
        }

        BgpMessageType type = (BgpMessageType)message[BgpMessageHeader.Length - 1];
        if (type == BgpMessageType.Notification && BgpNotificationCodec.TryParse(message, out BgpNotification? notification))
        {
            return $"NOTIFICATION {notification!.Code}/{notification.Subcode} ({notification.Describe()})";
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(message[16..]);
        return $"{type} ({length} bytes: {Convert.ToHexStringLower(message[..Math.Min(message.Length, 64)])})";
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_keepalives is not null)
        {
            await _keepalives.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
    }
}
