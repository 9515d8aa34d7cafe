namespace Gate64.Nat64.State;

/// <summary>The states of the RFC 6146 §3.5.2.2 TCP state machine; CLOSED is the absence of a session.</summary>
internal enum Nat64TcpState : byte
{
    /// <summary>Not TCP: UDP and ICMP sessions have no connection state.</summary>
    None,
    V6Init,
    V4Init,
    Established,
    V6FinReceived,
    V4FinReceived,
    V6FinV4FinReceived,
    Transitory,
}
