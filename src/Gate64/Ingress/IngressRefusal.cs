namespace Gate64.Ingress;

/// <summary>Why a connection was not spliced to a backend. Each is logged, counted and explained to the client.</summary>
public enum IngressRefusal
{
    MalformedRequest,
    NoServerName,
    InvalidName,
    ConnectNotAllowed,
    RequestTooLarge,
    ClientTimeout,
    NxDomain,
    NoAaaa,
    DnsFailure,
    NotPermitted,
    BackendRefused,
    BackendTimeout,
    TooManyConnections,
}
