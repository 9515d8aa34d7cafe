namespace Gate64.Protocols.Quic;

/// <summary>
/// Walks the frames of a decrypted Initial payload. Only the frames RFC 9000 §12.4 permits in Initial packets are
/// understood; any other type is a protocol violation (§12.4: "MUST treat … as a connection error of type
/// PROTOCOL_VIOLATION"), and since an unknown frame's length cannot be known, the walk stops there.
/// </summary>
public ref struct QuicInitialFrameReader
{
    private const byte TypePadding = 0x00;
    private const byte TypePing = 0x01;
    private const byte TypeAck = 0x02;
    private const byte TypeAckEcn = 0x03;
    private const byte TypeCrypto = 0x06;
    private const byte TypeConnectionClose = 0x1C;

    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    public QuicInitialFrameReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        Error = null;
    }

    /// <summary>Why the last <see cref="TryRead"/> failed, or null at the clean end of the payload.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads the next frame.</summary>
    /// <returns>False at the end of the payload (<see cref="Error"/> null) or on a malformed or forbidden frame (<see cref="Error"/> set).</returns>
    public bool TryRead(out QuicInitialFrame frame)
    {
        frame = default;
        if (_position >= _payload.Length || Error is not null)
        {
            return false;
        }

        // Frame types are varints (RFC 9000 §12.4); those allowed here all fit one byte, and a longer encoding of them
        // is a violation too (§12.4: "MUST use the shortest encoding").
        byte type = _payload[_position];
        switch (type)
        {
            case TypePadding:
                while (_position < _payload.Length && _payload[_position] == TypePadding)
                {
                    _position++;
                }

                frame = new QuicInitialFrame(QuicFrameKind.Padding, 0, default, 0);
                return true;
            case TypePing:
                _position++;
                frame = new QuicInitialFrame(QuicFrameKind.Ping, 0, default, 0);
                return true;
            case TypeAck:
            case TypeAckEcn:
                _position++;
                if (!SkipAck(type == TypeAckEcn))
                {
                    return Fail("an ACK frame overruns the packet");
                }

                frame = new QuicInitialFrame(QuicFrameKind.Ack, 0, default, 0);
                return true;
            case TypeCrypto:
                _position++;
                return ReadCrypto(out frame);
            case TypeConnectionClose:
                _position++;
                return ReadConnectionClose(out frame);
            default:
                return Fail($"a frame of type 0x{type:x2}, which an Initial packet may not carry");
        }
    }

    private bool ReadCrypto(out QuicInitialFrame frame)
    {
        frame = default;
        if (!TryReadVarInt(out ulong offset) || !TryReadVarInt(out ulong length))
        {
            return Fail("a CRYPTO frame header overruns the packet");
        }

        if (length > (ulong)(_payload.Length - _position))
        {
            return Fail($"a CRYPTO frame of {length} bytes overruns the packet");
        }

        // RFC 9000 §19.6: the stream's largest offset is 2^62 - 1.
        if (offset + length > QuicVarInt.MaxValue)
        {
            return Fail("a CRYPTO frame ends beyond 2^62 - 1");
        }

        ReadOnlySpan<byte> data = _payload.Slice(_position, (int)length);
        _position += (int)length;
        frame = new QuicInitialFrame(QuicFrameKind.Crypto, offset, data, 0);
        return true;
    }

    private bool ReadConnectionClose(out QuicInitialFrame frame)
    {
        frame = default;
        if (!TryReadVarInt(out ulong errorCode) || !TryReadVarInt(out _) || !TryReadVarInt(out ulong reasonLength)
            || reasonLength > (ulong)(_payload.Length - _position))
        {
            return Fail("a CONNECTION_CLOSE frame overruns the packet");
        }

        _position += (int)reasonLength;
        frame = new QuicInitialFrame(QuicFrameKind.ConnectionClose, 0, default, errorCode);
        return true;
    }

    /// <summary>Skips an ACK frame's fields (RFC 9000 §19.3); the gateway needs none of them.</summary>
    private bool SkipAck(bool ecn)
    {
        if (!TryReadVarInt(out _) || !TryReadVarInt(out _) || !TryReadVarInt(out ulong rangeCount) || !TryReadVarInt(out _))
        {
            return false;
        }

        // Each range is two varints of at least one byte: a count beyond the bytes left cannot be honest, and checking
        // it first bounds the loop by the packet, not by the declared count.
        if (rangeCount > (ulong)(_payload.Length - _position) / 2)
        {
            return false;
        }

        for (ulong i = 0; i < rangeCount; i++)
        {
            if (!TryReadVarInt(out _) || !TryReadVarInt(out _))
            {
                return false;
            }
        }

        return !ecn || (TryReadVarInt(out _) && TryReadVarInt(out _) && TryReadVarInt(out _));
    }

    private bool TryReadVarInt(out ulong value)
    {
        if (!QuicVarInt.TryRead(_payload[_position..], out value, out int length))
        {
            return false;
        }

        _position += length;
        return true;
    }

    private bool Fail(string error)
    {
        Error = error;
        _position = _payload.Length;
        return false;
    }
}
