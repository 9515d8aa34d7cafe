namespace Gate64.Protocols.Bgp;

/// <summary>
/// An OPEN message (RFC 4271 §4.2). <paramref name="AutonomousSystem"/> is the real AS: the codec writes
/// AS_TRANS (23456) into the 2-byte field when it does not fit, and on parse takes the AS from
/// capability 65 when the peer sent it (RFC 6793 §4.1). <paramref name="RouterId"/> is the BGP
/// identifier as a big-endian number (10.255.0.2 is 0x0AFF0002).
/// </summary>
public sealed record BgpOpen(uint AutonomousSystem, ushort HoldTimeSeconds, uint RouterId, BgpCapabilities Capabilities)
{
    /// <summary>The only BGP version there is.</summary>
    public const byte Version = 4;

    /// <summary>The placeholder for a 4-octet AS in 2-octet fields (RFC 6793 §9).</summary>
    public const ushort AsTrans = 23456;
}
