namespace Gate64.Protocols.Bgp;

/// <summary>Capability codes this speaker reads or writes (IANA "Capability Codes", RFC 5492).</summary>
public static class BgpCapabilityCode
{
    public const byte Multiprotocol = 1;
    public const byte RouteRefresh = 2;
    public const byte GracefulRestart = 64;
    public const byte FourOctetAs = 65;
    public const byte EnhancedRouteRefresh = 70;

    /// <summary>The pre-standard route refresh code some Cisco releases still send beside code 2.</summary>
    public const byte RouteRefreshCisco = 128;
}
