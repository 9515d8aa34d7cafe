namespace Gate64.Resolver;

/// <summary>Why no upstream answer could be had.</summary>
public enum DnsResolutionError
{
    None,

    /// <summary>No upstream answered within the attempts.</summary>
    Timeout,

    /// <summary>Upstreams refused the connection or the network was unreachable.</summary>
    Unreachable,

    /// <summary>Upstreams answered with bytes that are not a valid answer to the question.</summary>
    Malformed,
}
