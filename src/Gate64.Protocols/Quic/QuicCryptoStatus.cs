namespace Gate64.Protocols.Quic;

/// <summary>The outcome of <see cref="QuicCryptoReassembler.Add"/>.</summary>
public enum QuicCryptoStatus
{
    /// <summary>The bytes were stored (or were a consistent duplicate).</summary>
    Accepted,

    /// <summary>The bytes reach beyond the reassembler's capacity.</summary>
    TooLarge,

    /// <summary>Storing them would leave more separate pieces than allowed: a stream of tiny scattered fragments.</summary>
    TooFragmented,

    /// <summary>They overlap bytes already received with different values (RFC 9000 §19.6 allows treating this as a violation).</summary>
    Conflict,
}
