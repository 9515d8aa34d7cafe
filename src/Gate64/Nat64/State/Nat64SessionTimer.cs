namespace Gate64.Nat64.State;

/// <summary>Which lifetime a session is on; each has its own expiry list (sessions on one list expire in list order).</summary>
internal enum Nat64SessionTimer : byte
{
    Udp,
    Icmp,
    TcpEstablished,
    TcpTransitory,
    TcpIncomingSyn,
}
