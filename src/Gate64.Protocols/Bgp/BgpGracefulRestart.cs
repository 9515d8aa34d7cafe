namespace Gate64.Protocols.Bgp;

/// <summary>
/// The graceful restart capability (RFC 4724 §3). <paramref name="Restarted"/> is the R bit (this OPEN
/// follows a restart); <paramref name="RestartTimeSeconds"/> is 12 bits (0–4095). With no families the
/// capability only says the speaker understands End-of-RIB ("GR aware").
/// </summary>
public sealed record BgpGracefulRestart(bool Restarted, ushort RestartTimeSeconds, IReadOnlyList<BgpGracefulRestartFamily> Families)
{
    /// <summary>The restart time is 12 bits on the wire.</summary>
    public const ushort MaxRestartTimeSeconds = 0x0FFF;
}
