namespace Gate64.Protocols.Http;

/// <summary>The outcome of <see cref="HttpRequestHeadParser.TryParse"/>.</summary>
public enum HttpHeadStatus
{
    /// <summary>The header block has not ended yet and nothing seen so far is invalid; more bytes are needed.</summary>
    Incomplete,

    /// <summary>A whole, valid request head with a routable authority.</summary>
    Complete,

    /// <summary>The request cannot be routed; <see cref="HttpHeadError"/> says why.</summary>
    Invalid,

    /// <summary>No end of the header block within the size cap (answer 431).</summary>
    TooLarge,
}
