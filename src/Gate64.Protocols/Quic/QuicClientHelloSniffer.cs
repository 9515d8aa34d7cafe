using System.Buffers;
using Gate64.Protocols.Tls;

namespace Gate64.Protocols.Quic;

/// <summary>
/// Reads the TLS ClientHello out of a client's Initial packets, one datagram at a time, without taking part in the
/// connection: the datagrams themselves are never changed (the gateway relays them as they came).
/// </summary>
/// <remarks>
/// <code>
///  datagram: [Initial][0-RTT][Handshake]…      coalesced packets (RFC 9000 §12.2), each skipped by its Length
///               │
///               ├ keys from the DCID of the flow's first Initial (RFC 9001 §5.2), kept for the later Initials
///               ├ header protection off, AES-GCM open (on a pooled copy)
///               ├ frames: PADDING PING ACK CRYPTO CONNECTION_CLOSE; anything else ends the flow
///               └ CRYPTO by offset → reassembler → [01][len][ClientHello] → ClientHelloParser.TryParseHandshake
/// </code>
/// Several Initials may be needed (post-quantum key shares make hellos larger than one packet), in any order. Every
/// Initial of the first flight uses the keys of the first DCID: a client changes DCID only after hearing from the
/// server, which has not happened yet. A packet that does not open with those keys is ignored, not fatal: anyone
/// can send a datagram from a spoofed address, only the real client knows the keys' input.
/// <para>
/// Untrusted input never makes it throw; after Complete or a failure the verdict is final and further datagrams are
/// not examined.
/// </para>
/// </remarks>
public sealed class QuicClientHelloSniffer : IDisposable
{
    /// <summary>RFC 9000 §7.2: a client's first Destination Connection ID is at least 8 unpredictable bytes.</summary>
    public const int MinInitialDestinationConnectionIdLength = 8;

    private readonly int _maxHelloSize;
    private readonly QuicCryptoReassembler _crypto;
    private QuicPacketProtection? _keys;
    private byte[] _destinationConnectionId = [];
    private byte[] _sourceConnectionId = [];
    private long _largestPacketNumber = -1;
    private QuicSniffStatus _final = QuicSniffStatus.NeedMore;

    /// <param name="maxHelloSize">The largest ClientHello body accepted (the TLS parser's cap).</param>
    public QuicClientHelloSniffer(int maxHelloSize = ClientHelloParser.DefaultMaxHandshakeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHelloSize);
        _maxHelloSize = maxHelloSize;
        _crypto = new QuicCryptoReassembler(maxHelloSize + 4);
    }

    /// <summary>The version of the first Initial that opened (0 before).</summary>
    public uint Version { get; private set; }

    /// <summary>The parsed hello once <see cref="QuicSniffStatus.Complete"/>.</summary>
    public ClientHello? Hello { get; private set; }

    /// <summary>Why the flow was given up, for Malformed, TooLarge, UnsupportedVersion and ClientClosed.</summary>
    public string? Error { get; private set; }

    /// <summary>Initial packets opened so far.</summary>
    public int InitialPackets { get; private set; }

    /// <summary>The DCID of the client's first Initial: the server's Initial keys derive from it too.</summary>
    public ReadOnlySpan<byte> OriginalDestinationConnectionId => _destinationConnectionId;

    /// <summary>The client's Source Connection ID: the DCID of packets sent back to it.</summary>
    public ReadOnlySpan<byte> ClientSourceConnectionId => _sourceConnectionId;

    /// <summary>Examines one datagram from the client.</summary>
    public QuicSniffStatus Feed(ReadOnlySpan<byte> datagram)
    {
        if (_final != QuicSniffStatus.NeedMore)
        {
            return _final;
        }

        byte[] scratch = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
        try
        {
            return FeedPackets(datagram, scratch);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private QuicSniffStatus FeedPackets(ReadOnlySpan<byte> datagram, byte[] scratch)
    {
        bool opened = false;
        int position = 0;
        while (position < datagram.Length)
        {
            ReadOnlySpan<byte> packet = datagram[position..];
            QuicHeaderStatus headerStatus = QuicLongHeader.TryParse(packet, out QuicLongHeader header, out _);
            if (headerStatus == QuicHeaderStatus.UnsupportedVersion && position == 0 && Version == 0)
            {
                return Finish(QuicSniffStatus.UnsupportedVersion, $"QUIC version {QuicVersion.Describe(header.Version)} is not supported");
            }

            // A short header runs to the end of the datagram; anything unreadable ends the walk too (padding after the
            // packets, or junk), keeping what was already read.
            if (headerStatus != QuicHeaderStatus.Valid || header.Type == QuicPacketType.VersionNegotiation)
            {
                break;
            }

            position += header.PacketLength;
            if (header.Type != QuicPacketType.Initial || (Version != 0 && header.Version != Version))
            {
                continue;
            }

            if (!TryOpen(packet, header, scratch, out int payloadOffset, out int payloadLength))
            {
                continue;
            }

            opened = true;
            InitialPackets++;
            QuicSniffStatus frames = ReadFrames(scratch.AsSpan(payloadOffset, payloadLength));
            if (frames != QuicSniffStatus.NeedMore)
            {
                return frames;
            }
        }

        return opened ? CheckHello() : QuicSniffStatus.NoInitial;
    }

    /// <summary>Opens an Initial with the flow's keys, deriving them from the first one that carries a usable DCID.</summary>
    private bool TryOpen(ReadOnlySpan<byte> packet, in QuicLongHeader header, byte[] scratch, out int payloadOffset, out int payloadLength)
    {
        payloadOffset = 0;
        payloadLength = 0;
        QuicPacketProtection? keys = _keys;
        bool derived = false;
        if (keys is null)
        {
            if (header.DestinationConnectionIdLength < MinInitialDestinationConnectionIdLength)
            {
                return false;
            }

            keys = QuicPacketProtection.CreateInitial(header.Version, header.DestinationConnectionId(packet), server: false);
            derived = true;
        }

        if (!keys.TryUnprotect(packet, header, _largestPacketNumber, scratch, out payloadOffset, out payloadLength, out long packetNumber))
        {
            if (derived)
            {
                keys.Dispose();   // junk that only looked like an Initial: its DCID is not the flow's
            }

            return false;
        }

        if (derived)
        {
            _keys = keys;
            Version = header.Version;
            _destinationConnectionId = header.DestinationConnectionId(packet).ToArray();
            _sourceConnectionId = header.SourceConnectionId(packet).ToArray();
        }

        _largestPacketNumber = Math.Max(_largestPacketNumber, packetNumber);
        return true;
    }

    private QuicSniffStatus ReadFrames(ReadOnlySpan<byte> payload)
    {
        QuicInitialFrameReader reader = new(payload);
        bool any = false;
        while (reader.TryRead(out QuicInitialFrame frame))
        {
            any = true;
            switch (frame.Kind)
            {
                case QuicFrameKind.Crypto:
                    switch (_crypto.Add(frame.CryptoOffset, frame.CryptoData))
                    {
                        case QuicCryptoStatus.TooLarge:
                            return Finish(QuicSniffStatus.TooLarge, $"the CRYPTO stream reaches beyond {_maxHelloSize + 4} bytes");
                        case QuicCryptoStatus.TooFragmented:
                            return Finish(QuicSniffStatus.Malformed, $"the CRYPTO stream is split into more than {QuicCryptoReassembler.DefaultMaxPieces} pieces at once");
                        case QuicCryptoStatus.Conflict:
                            return Finish(QuicSniffStatus.Malformed, "two CRYPTO frames carry different bytes at the same offset");
                    }

                    break;
                case QuicFrameKind.ConnectionClose:
                    return Finish(QuicSniffStatus.ClientClosed, $"the client closed the connection (error 0x{frame.ErrorCode:x})");
            }
        }

        if (reader.Error is not null)
        {
            return Finish(QuicSniffStatus.Malformed, reader.Error);
        }

        // RFC 9000 §12.4: a packet without frames is a PROTOCOL_VIOLATION.
        return any ? QuicSniffStatus.NeedMore : Finish(QuicSniffStatus.Malformed, "an Initial packet without frames");
    }

    private QuicSniffStatus CheckHello()
    {
        ReadOnlySpan<byte> stream = _crypto.Contiguous;
        if (stream.Length >= 4)
        {
            int messageLength = 4 + ((stream[1] << 16) | (stream[2] << 8) | stream[3]);
            if (_crypto.End > messageLength)
            {
                return Finish(QuicSniffStatus.Malformed, "the CRYPTO stream carries bytes after the ClientHello");
            }

            stream = stream[..Math.Min(stream.Length, messageLength)];
        }

        switch (ClientHelloParser.TryParseHandshake(stream, _maxHelloSize, out ClientHello? hello, out string? error))
        {
            case ClientHelloStatus.Complete:
                Hello = hello;
                return Finish(QuicSniffStatus.Complete, null);
            case ClientHelloStatus.Incomplete:
                return QuicSniffStatus.NeedMore;
            case ClientHelloStatus.TooLarge:
                return Finish(QuicSniffStatus.TooLarge, error);
            default:
                return Finish(QuicSniffStatus.Malformed, error);
        }
    }

    private QuicSniffStatus Finish(QuicSniffStatus status, string? error)
    {
        _final = status;
        Error = error;
        _crypto.Dispose();
        return status;
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _keys = null;
        _crypto.Dispose();
    }
}
