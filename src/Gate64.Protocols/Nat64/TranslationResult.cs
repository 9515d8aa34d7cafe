namespace Gate64.Protocols.Nat64;

/// <summary>
/// The outcome of one translation: a status, the drop reason when dropped, the ICMP parameter (MTU or pointer) when
/// the caller must send an ICMP error, and the number of packets written when translated.
/// </summary>
public readonly record struct TranslationResult
{
    private TranslationResult(TranslationStatus status, TranslationDropReason dropReason, uint icmpParameter, int packetCount)
    {
        Status = status;
        DropReason = dropReason;
        IcmpParameter = icmpParameter;
        PacketCount = packetCount;
    }

    public TranslationStatus Status { get; }

    public TranslationDropReason DropReason { get; }

    /// <summary>The MTU for <see cref="TranslationStatus.SendPacketTooBig"/> and <see cref="TranslationStatus.SendFragmentationNeeded"/>, the pointer for <see cref="TranslationStatus.SendParameterProblem"/>, else 0.</summary>
    public uint IcmpParameter { get; }

    /// <summary>
    /// Packets in the output when translated: 1, or the number of fragments laid out back to back (each IPv4 one is
    /// Total Length bytes long, each IPv6 one 40 + Payload Length).
    /// </summary>
    public int PacketCount { get; }

    public bool IsTranslated => Status == TranslationStatus.Translated;

    public override string ToString() => Status switch
    {
        TranslationStatus.Translated => $"Translated ({PacketCount} packet{(PacketCount == 1 ? "" : "s")})",
        TranslationStatus.Drop => $"Drop ({DropReason})",
        _ => $"{Status} ({IcmpParameter})",
    };

    internal static TranslationResult Translated(int packetCount) => new(TranslationStatus.Translated, TranslationDropReason.None, 0, packetCount);

    internal static TranslationResult Drop(TranslationDropReason reason) => new(TranslationStatus.Drop, reason, 0, 0);

    internal static TranslationResult Send(TranslationStatus status, uint parameter = 0) => new(status, TranslationDropReason.None, parameter, 0);
}
