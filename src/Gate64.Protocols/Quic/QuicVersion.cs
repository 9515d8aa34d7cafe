namespace Gate64.Protocols.Quic;

/// <summary>The QUIC versions whose Initial packets the gateway can read.</summary>
public static class QuicVersion
{
    /// <summary>The version field of a Version Negotiation packet (RFC 9000 §17.2.1).</summary>
    public const uint Negotiation = 0;

    /// <summary>QUIC version 1 (RFC 9000).</summary>
    public const uint Version1 = 0x0000_0001;

    /// <summary>QUIC version 2 (RFC 9369 §3.1).</summary>
    public const uint Version2 = 0x6B33_43CF;

    /// <summary>True for the versions whose Initial protection the gateway knows.</summary>
    public static bool IsSupported(uint version) => version is Version1 or Version2;

    /// <summary>"v1", "v2" or the hex number, for logs.</summary>
    public static string Describe(uint version) => version switch
    {
        Version1 => "v1",
        Version2 => "v2",
        _ => $"0x{version:x8}",
    };
}
