namespace Gate64.Protocols.Bgp;

/// <summary>Subcodes of <see cref="BgpErrorCode.Cease"/> (RFC 4486, RFC 8538, RFC 9384).</summary>
public static class BgpCeaseSubcode
{
    public const byte MaximumPrefixesReached = 1;
    public const byte AdministrativeShutdown = 2;
    public const byte PeerDeconfigured = 3;
    public const byte AdministrativeReset = 4;
    public const byte ConnectionRejected = 5;
    public const byte OtherConfigurationChange = 6;
    public const byte ConnectionCollisionResolution = 7;
    public const byte OutOfResources = 8;
    public const byte HardReset = 9;
    public const byte BfdDown = 10;
}
