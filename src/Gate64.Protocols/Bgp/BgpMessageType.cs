namespace Gate64.Protocols.Bgp;

/// <summary>The message types of the BGP header (RFC 4271 §4.1, RFC 2918 for ROUTE-REFRESH).</summary>
public enum BgpMessageType : byte
{
    /// <summary>OPEN: the first message on a connection (RFC 4271 §4.2).</summary>
    Open = 1,

    /// <summary>UPDATE: announces and withdraws routes (RFC 4271 §4.3).</summary>
    Update = 2,

    /// <summary>NOTIFICATION: an error or cease; the sender closes the connection after it (RFC 4271 §4.5).</summary>
    Notification = 3,

    /// <summary>KEEPALIVE: the bare 19-byte header (RFC 4271 §4.4).</summary>
    Keepalive = 4,

    /// <summary>ROUTE-REFRESH: asks for the Adj-RIB-Out of one address family again (RFC 2918).</summary>
    RouteRefresh = 5,
}
