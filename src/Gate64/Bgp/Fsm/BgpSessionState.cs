namespace Gate64.Bgp.Fsm;

/// <summary>
/// The RFC 4271 §8 states an active-only speaker goes through. Active is folded into Connect: the speaker
/// never listens, so a failed connect goes back to Idle and the next attempt comes after a backoff.
/// </summary>
internal enum BgpSessionState
{
    /// <summary>No transport. Stopped, or waiting for the backoff before the next connect.</summary>
    Idle,

    /// <summary>A TCP connect is under way.</summary>
    Connect,

    /// <summary>Connected and our OPEN sent; waiting for the peer's OPEN.</summary>
    OpenSent,

    /// <summary>OPENs exchanged and our KEEPALIVE sent; waiting for the peer's KEEPALIVE.</summary>
    OpenConfirm,

    /// <summary>Routes may flow.</summary>
    Established,
}
