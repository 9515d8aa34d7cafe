namespace Gate64.Testing.Routing;

/// <summary>gobgp's <c>session_state</c> numbers (its API enum), i.e. the RFC 4271 §8 FSM states.</summary>
public enum GoBgpSessionState
{
    Unknown = 0,
    Idle = 1,
    Connect = 2,
    Active = 3,
    OpenSent = 4,
    OpenConfirm = 5,
    Established = 6,
}
