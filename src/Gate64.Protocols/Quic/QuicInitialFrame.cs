namespace Gate64.Protocols.Quic;

/// <summary>One frame of an Initial packet's payload, as read by <see cref="QuicInitialFrameReader"/>.</summary>
public readonly ref struct QuicInitialFrame
{
    public QuicInitialFrame(QuicFrameKind kind, ulong cryptoOffset, ReadOnlySpan<byte> cryptoData, ulong errorCode)
    {
        Kind = kind;
        CryptoOffset = cryptoOffset;
        CryptoData = cryptoData;
        ErrorCode = errorCode;
    }

    public QuicFrameKind Kind { get; }

    /// <summary>For CRYPTO: where <see cref="CryptoData"/> starts in the handshake stream.</summary>
    public ulong CryptoOffset { get; }

    /// <summary>For CRYPTO: the stream bytes carried.</summary>
    public ReadOnlySpan<byte> CryptoData { get; }

    /// <summary>For CONNECTION_CLOSE: the transport error code.</summary>
    public ulong ErrorCode { get; }
}
